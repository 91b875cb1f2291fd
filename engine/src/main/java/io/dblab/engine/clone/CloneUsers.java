package io.dblab.engine.clone;

import io.dblab.engine.error.BadRequestException;
import io.dblab.pg.auth.ScramVerifier;
import io.dblab.pg.server.Psql;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Creates the clone user's role from a SCRAM verifier. A restricted user is a login role without
 * superuser that owns every database and every user object in it, so it can work with all the
 * data but cannot read server files or run programs.
 */
public final class CloneUsers {
    /**
     * A role of that name came with the snapshot (from the source, or a commit): everything it
     * owns goes to postgres and every privilege it holds is revoked, in each database, so that
     * DROP ROLE can take its memberships, attributes and settings with it.
     */
    private static final String STRIP_OWNED = """
            REASSIGN OWNED BY :"user" TO postgres;
            DROP OWNED BY :"user";
            """;
    /** Names PostgreSQL keeps for itself, and the engine's own role, which manages every clone. */
    private static final Set<String> RESERVED = Set.of("postgres", "public", "none", "current_user", "current_role",
            "session_user");

    private static final String OWN_EVERYTHING = """
            SELECT pg_catalog.set_config('dblab.owner', :'user', false);
            DO $own$
            DECLARE
              owner text := pg_catalog.current_setting('dblab.owner');
              r record;
            BEGIN
              FOR r IN SELECT n.nspname FROM pg_catalog.pg_namespace n
                       WHERE n.nspname NOT LIKE 'pg\\_%' AND n.nspname <> 'information_schema'
                         AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d
                                         WHERE d.classid = 'pg_catalog.pg_namespace'::pg_catalog.regclass
                                         AND d.objid = n.oid AND d.deptype = 'e') LOOP
                EXECUTE pg_catalog.format('ALTER SCHEMA %I OWNER TO %I', r.nspname, owner);
              END LOOP;
              FOR r IN SELECT n.nspname, c.relname, c.relkind
                       FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
                       WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S')
                         AND n.nspname NOT LIKE 'pg\\_%' AND n.nspname <> 'information_schema'
                         AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d
                                         WHERE d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass
                                         AND d.objid = c.oid
                                         AND (d.deptype = 'e' OR (c.relkind = 'S' AND d.deptype IN ('a', 'i')))) LOOP
                EXECUTE pg_catalog.format('ALTER %s %I.%I OWNER TO %I',
                               CASE r.relkind WHEN 'S' THEN 'SEQUENCE' WHEN 'v' THEN 'VIEW'
                                              WHEN 'm' THEN 'MATERIALIZED VIEW' WHEN 'f' THEN 'FOREIGN TABLE'
                                              ELSE 'TABLE' END,
                               r.nspname, r.relname, owner);
              END LOOP;
              -- identity arguments rather than regprocedure: an aggregate of no arguments is count(*), not count()
              FOR r IN SELECT p.oid, p.prokind, n.nspname, p.proname, p.pronargs
                       FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
                       WHERE p.prokind IN ('f', 'p', 'a')
                         AND n.nspname NOT LIKE 'pg\\_%' AND n.nspname <> 'information_schema'
                         AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d
                                         WHERE d.classid = 'pg_catalog.pg_proc'::pg_catalog.regclass
                                         AND d.objid = p.oid AND d.deptype = 'e') LOOP
                EXECUTE pg_catalog.format('ALTER %s %I.%I(%s) OWNER TO %I',
                               CASE r.prokind WHEN 'a' THEN 'AGGREGATE' ELSE 'ROUTINE' END, r.nspname, r.proname,
                               CASE WHEN r.prokind = 'a' AND r.pronargs = 0 THEN '*'
                                    ELSE pg_catalog.pg_get_function_identity_arguments(r.oid) END, owner);
              END LOOP;
              FOR r IN SELECT t.oid, t.typtype
                       FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace
                       WHERE t.typtype IN ('d', 'e', 'r', 'c')
                         AND (t.typrelid = 0 OR (SELECT c.relkind FROM pg_catalog.pg_class c WHERE c.oid = t.typrelid) = 'c')
                         AND n.nspname NOT LIKE 'pg\\_%' AND n.nspname <> 'information_schema'
                         AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d
                                         WHERE d.classid = 'pg_catalog.pg_type'::pg_catalog.regclass
                                         AND d.objid = t.oid AND d.deptype = 'e') LOOP
                EXECUTE pg_catalog.format('ALTER %s %s OWNER TO %I',
                               CASE r.typtype WHEN 'd' THEN 'DOMAIN' ELSE 'TYPE' END,
                               r.oid::pg_catalog.regtype, owner);
              END LOOP;
            END
            $own$;
            """;

    private CloneUsers() {}

    /** Refuses, at request time, a username that would take the engine's role or one PostgreSQL reserves. */
    public static void requireAllowedName(String username) {
        if (RESERVED.contains(username) || username.startsWith("pg_")) {
            throw new BadRequestException("username '" + username + "' is reserved: choose another one");
        }
    }

    /**
     * Creates the clone user's role afresh. A role of that name already in the snapshot is first
     * stripped and dropped, so that the clone user holds only what the engine gives it, never the
     * memberships, attributes, settings or grants of a namesake (for example {@code etl} with
     * {@code pg_execute_server_program}).
     */
    public static void create(Psql psql, String username, String verifier, boolean restricted) {
        if (!ScramVerifier.looksLikeVerifier(verifier)) {
            throw new IllegalArgumentException("not a SCRAM-SHA-256 verifier");
        }
        Map<String, String> vars = Map.of("user", username);
        if (!psql.run("postgres", "SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = :'user';", vars).isBlank()) {
            for (String database : psql.lines("postgres",
                    "SELECT datname FROM pg_catalog.pg_database WHERE datallowconn ORDER BY 1")) {
                psql.run(database, STRIP_OWNED, vars);
            }
            psql.run("postgres", "DROP ROLE :\"user\";", vars);
        }
        String attributes = restricted ? "NOSUPERUSER NOCREATEROLE" : "SUPERUSER";
        // The verifier is base64 and '$'/':' only (checked above), so it is a safe literal.
        psql.run("postgres", "CREATE ROLE :\"user\" WITH LOGIN " + attributes + " PASSWORD '" + verifier + "';", vars);
        if (restricted) {
            List<String> databases = psql.lines("postgres",
                    "SELECT datname FROM pg_catalog.pg_database WHERE datallowconn AND NOT datistemplate ORDER BY 1");
            for (String database : databases) {
                psql.run("postgres", "ALTER DATABASE :\"db\" OWNER TO :\"user\";",
                        Map.of("user", username, "db", database));
                psql.run(database, OWN_EVERYTHING, vars);
            }
        }
    }
}
