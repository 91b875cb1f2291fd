package io.dblab.engine;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dblab.client.Json;
import io.dblab.engine.admin.SourceTest;
import io.dblab.engine.retrieval.SourceDatabase;
import io.dblab.pg.process.CommandFailedException;
import io.dblab.pg.process.CommandResult;
import io.dblab.pg.process.PasswordFiles;
import io.dblab.pg.server.PgInstallation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code POST /admin/test-db-source}: connects to a source as logical retrieval would (psql, the
 * password in a private password file, never on a command line or in an environment), with a
 * 10-second connection timeout, and tells what a refresh from it would need: that this engine's
 * pg_dump can read the server's version, that the databases exist and the user may connect to
 * them, and that it may read every table and sequence in them (as superuser, as a member of
 * {@code pg_read_all_data}, or by a SELECT privilege on each, checked in up to five databases).
 */
final class SourceCheck {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration QUERY_TIMEOUT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = Json.mapper();

    /** The server's version, whether the user reads everything, its databases with their sizes, its planner settings. */
    private static final String FACTS_SQL = """
            SELECT pg_catalog.json_build_object(
              'versionNum', pg_catalog.current_setting('server_version_num')::int,
              'readsAll', (SELECT rolsuper FROM pg_catalog.pg_roles WHERE rolname = current_user)
                OR coalesce((SELECT pg_catalog.pg_has_role(current_user, oid, 'MEMBER') FROM pg_catalog.pg_roles
                             WHERE rolname = 'pg_read_all_data'), false),
              'databases', (SELECT coalesce(pg_catalog.json_agg(pg_catalog.json_build_object('name', datname,
                  'connect', pg_catalog.has_database_privilege(oid, 'CONNECT'),
                  'size', CASE WHEN pg_catalog.has_database_privilege(oid, 'CONNECT')
                          THEN pg_catalog.pg_database_size(oid) END) ORDER BY datname), '[]')
                FROM pg_catalog.pg_database WHERE datallowconn AND NOT datistemplate),
              'tuning', (SELECT coalesce(pg_catalog.json_object_agg(name, setting), '{}') FROM pg_catalog.pg_settings
                WHERE source NOT IN ('default', 'override', 'client')
                  AND (category LIKE 'Query Tuning%' OR name = 'work_mem')))
            """;

    /** Tables and sequences of one database that the user cannot read (pg_dump and the row copy need SELECT). */
    private static final String UNREADABLE_SQL = """
            SELECT pg_catalog.json_build_object('count', count(*), 'examples',
                   coalesce((pg_catalog.array_agg(pg_catalog.format('%I.%I', n.nspname, c.relname)
                             ORDER BY n.nspname, c.relname))[1:3], '{}'))
            FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind IN ('r', 'S')
              AND n.nspname <> 'information_schema' AND n.nspname NOT LIKE 'pg\\_%'
              AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d WHERE d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass
                              AND d.objid = c.oid AND d.deptype = 'e')
              AND NOT (pg_catalog.has_schema_privilege(n.oid, 'USAGE') AND pg_catalog.has_table_privilege(c.oid, 'SELECT'))
            """;

    private final PgInstallation pg;
    private final PasswordFiles passwordFiles;

    SourceCheck(PgInstallation pg, PasswordFiles passwordFiles) {
        this.pg = pg;
        this.passwordFiles = passwordFiles;
    }

    /** {@code password}: the request's, or else the configured one (null for none). */
    SourceTest.Result run(SourceTest.Target target, String password) {
        SourceDatabase source = new SourceDatabase(pg, target.connection().connStr(), password, passwordFiles);
        JsonNode facts;
        try {
            facts = query(source, target.dbname(), FACTS_SQL);
        } catch (QueryFailed e) {
            return SourceTest.Result.failed(e.connection ? SourceTest.CONNECTION_ERROR : SourceTest.QUERY_ERROR, e.getMessage());
        }
        int versionNum = facts.get("versionNum").intValue();
        String sourceMajor = PgVersions.majorOfVersionNum(String.valueOf(versionNum));
        String binaries = PgVersions.major(pg.version());
        Map<String, String> tuning = new TreeMap<>();
        facts.get("tuning").fields().forEachRemaining(f -> tuning.put(f.getKey(), f.getValue().asText()));
        List<SourceTest.Database> databases = new ArrayList<>();
        facts.get("databases").forEach(d -> databases.add(new SourceTest.Database(d.get("name").asText(),
                d.get("connect").asBoolean(), d.get("size").isNull() ? null : d.get("size").longValue())));
        SourceTest.Facts found = new SourceTest.Facts(versionNum / 10000, PgVersions.canServe(binaries, sourceMajor, false),
                "the source runs PostgreSQL " + sourceMajor + " and this engine's pg_dump is PostgreSQL " + binaries
                        + " (provision.postgresBinDir): it cannot read a newer server",
                facts.get("readsAll").asBoolean(), databases, tuning);
        return SourceTest.evaluate(found, target.dbList(), database -> unreadable(source, database));
    }

    /** The tables and sequences of {@code database} the user cannot read, as {count, examples}. */
    private SourceTest.Unreadable unreadable(SourceDatabase source, String database) {
        try {
            JsonNode result = query(source, database, UNREADABLE_SQL);
            List<String> examples = new ArrayList<>();
            result.get("examples").forEach(e -> examples.add(e.asText()));
            return new SourceTest.Unreadable(result.get("count").longValue(), examples, null);
        } catch (QueryFailed e) {
            return new SourceTest.Unreadable(0, List.of(), e.getMessage());
        }
    }

    private JsonNode query(SourceDatabase source, String database, String sql) {
        CommandResult result;
        try {
            result = source.command(pg.tool("psql"), "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1",
                            "-d", source.connStrFor(database), "-c", sql)
                    .env("PGCONNECT_TIMEOUT", Long.toString(CONNECT_TIMEOUT.toSeconds()))
                    .env("PGAPPNAME", "dblab-source-check")
                    .timeout(QUERY_TIMEOUT).run();
        } catch (CommandFailedException e) {
            throw new QueryFailed("the source did not answer within " + QUERY_TIMEOUT.toSeconds() + " s", true);
        }
        if (!result.ok()) {
            String error = SourceProbe.libpqError(result.diagnostics());
            // psql exits 2 when the connection failed, 1 or 3 when a query did
            throw new QueryFailed(error.isEmpty() ? "psql exited with " + result.exitCode() : error, result.exitCode() == 2);
        }
        try {
            return JSON.readTree(result.output().strip());
        } catch (JsonProcessingException e) {
            throw new QueryFailed("unexpected answer from the source: " + e.getOriginalMessage(), false);
        }
    }

    private static final class QueryFailed extends RuntimeException {
        private final boolean connection;

        QueryFailed(String message, boolean connection) {
            super(message);
            this.connection = connection;
        }
    }
}
