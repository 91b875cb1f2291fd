package io.dblab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.dblab.client.model.Clone;
import io.dblab.engine.EngineFixture;
import io.dblab.testkit.FreePorts;
import io.dblab.testkit.Requirements;
import io.dblab.testkit.TestPostgres;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The engine started with {@code dblab engine run} from a server.yml in the reference engine's
 * layout (engine/src/test/resources/reference-configs/logical.yml: anchors, merge keys, the
 * logicalDump/logicalRestore/logicalSnapshot jobs) against a real source: it warns once for each
 * reason something is ignored, retrieves the databases and tables the file names, and a clone answers.
 * Clone ports 16900–16909.
 */
class ReferenceConfigRunTest {
    private static final String TOKEN = "reference-config-token-5813";
    private static final String PASSWORD = "Reference-Config-Pass-2718-xyzzy";
    private static final String POOL = "refpool";

    private Path base;
    private TestPostgres source;
    private EngineProcess engine;

    @AfterEach
    void cleanUp() {
        EngineProcess.closeAll(engine, base, source);
    }

    @Test
    void aReferenceLogicalConfigRetrievesWhatItNamesAndAClonesAnswers() throws Exception {
        Requirements.requireBtrfs();
        base = EngineProcess.newBaseDir("dblab-reference-config-");
        source = TestPostgres.start();
        source.psql().run("postgres", "CREATE DATABASE app; CREATE DATABASE reports;");
        source.psql().run("app", """
                CREATE TABLE accounts (id int PRIMARY KEY, name text);
                INSERT INTO accounts SELECT g, 'account ' || g FROM generate_series(1, 300) g;
                CREATE TABLE public.invoices (id int PRIMARY KEY, account int REFERENCES accounts);
                INSERT INTO public.invoices SELECT g, g FROM generate_series(1, 120) g;
                CREATE TABLE audit_log (id int, what text);
                INSERT INTO audit_log VALUES (1, 'secret');
                CREATE TABLE other (id int);
                """);
        source.psql().run("reports", "CREATE TABLE daily (day date); INSERT INTO daily VALUES ('2024-01-01'), ('2024-01-02');");
        int apiPort = FreePorts.next();
        engine = EngineProcess.withConfig(base, TOKEN, apiPort, 16900, 16909, List.of(POOL), resource("logical.yml"), Map.ofEntries(
                Map.entry("DBLAB_VERIFICATION_TOKEN", TOKEN), Map.entry("DBLAB_PORT", String.valueOf(apiPort)),
                Map.entry("DBLAB_MOUNT_DIR", base.resolve("mnt").toString()), Map.entry("DBLAB_POOL", POOL),
                Map.entry("DBLAB_POOL_IMAGE", base.resolve(POOL + ".img").toString()), Map.entry("DBLAB_POOL_SIZE", "1GiB"),
                Map.entry("DBLAB_CLONE_PORT_FROM", "16900"), Map.entry("DBLAB_CLONE_PORT_TO", "16909"),
                Map.entry("SOURCE_HOST", "127.0.0.1"), Map.entry("SOURCE_PORT", String.valueOf(source.port())),
                Map.entry("SOURCE_USER", "postgres"), Map.entry("SOURCE_PASSWORD", TestPostgres.PASSWORD)));
        engine.start();
        try {
            engine.awaitSnapshot();
            Clone clone = engine.createAndAwait("ref1", "ref_user", PASSWORD, null);
            assertThat(tables(clone, "app")).containsExactlyInAnyOrder("public.accounts", "public.invoices");
            assertThat(count(clone, "app", "SELECT count(*) FROM accounts")).isEqualTo(300);
            assertThat(count(clone, "app", "SELECT count(*) FROM invoices")).isEqualTo(120);
            assertThat(count(clone, "reports", "SELECT count(*) FROM daily")).isEqualTo(2);
            assertThat(count(clone, "app", "SELECT count(*) FROM pg_settings WHERE name = 'shared_preload_libraries'"
                    + " AND setting = 'pg_stat_statements, auto_explain'")).isEqualTo(1);
            String logs = engine.logs();
            for (String ignored : List.of("ignored: embeddedUI: ", "ignored: server.host: ", "ignored: platform.url, ",
                    "ignored: retrieval.spec.logicalSnapshot.options.configs.shared_preload_libraries (pg_stat_kcache, logerrors): ")) {
                assertThat(Pattern.compile(Pattern.quote(ignored)).matcher(logs).results().count()).as(ignored).isEqualTo(1);
            }
            assertThat(logs).doesNotContain(TestPostgres.PASSWORD);
        } catch (Throwable e) {
            System.err.println(engine.logs());
            throw e;
        }
    }

    private static List<String> tables(Clone clone, String database) throws SQLException {
        List<String> names = new ArrayList<>();
        try (Connection c = EngineFixture.connect(clone, database, PASSWORD);
             ResultSet rs = c.createStatement().executeQuery("SELECT schemaname || '.' || tablename FROM pg_tables"
                     + " WHERE schemaname NOT IN ('pg_catalog', 'information_schema')")) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        return names;
    }

    private static long count(Clone clone, String database, String sql) throws SQLException {
        try (Connection c = EngineFixture.connect(clone, database, PASSWORD); ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = ReferenceConfigRunTest.class.getResourceAsStream("/reference-configs/" + name)) {
            if (in == null) {
                throw new IOException("no resource /reference-configs/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
