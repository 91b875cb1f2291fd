package io.dblab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.dblab.client.model.Clone;
import io.dblab.engine.EngineFixture;
import io.dblab.engine.Waits;
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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The engine started with {@code dblab engine run} from a server.yml in the reference engine's
 * layout against a real source: it warns once for each reason something is ignored, retrieves what
 * the file says, and a clone answers. The logical file (engine/src/test/resources/reference-configs/
 * logical.yml: anchors, merge keys, the logicalDump/logicalRestore/logicalSnapshot jobs) retrieves
 * the databases and tables it names; the physical one (physical-custom-tool.yml) fills the pool with
 * its customTool's pg_basebackup from the source that libpq's variables in its envs name, and the
 * standby then follows that source. Clone ports 16900–16909.
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
        startSource();
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
        startEngine("logical.yml");
        try {
            engine.awaitSnapshot();
            Clone clone = engine.createAndAwait("ref1", "ref_user", PASSWORD, null);
            assertThat(tables(clone, "app")).containsExactlyInAnyOrder("public.accounts", "public.invoices");
            assertThat(count(clone, "app", "SELECT count(*) FROM accounts")).isEqualTo(300);
            assertThat(count(clone, "app", "SELECT count(*) FROM invoices")).isEqualTo(120);
            assertThat(count(clone, "reports", "SELECT count(*) FROM daily")).isEqualTo(2);
            assertPreloads(clone);
            assertWarnsOnce("ignored: embeddedUI: ", "ignored: server.host: ", "ignored: platform.url, ",
                    "ignored: retrieval.spec.logicalSnapshot.options.configs.shared_preload_libraries (pg_stat_kcache, logerrors): ");
        } catch (Throwable e) {
            System.err.println(engine.logs());
            throw e;
        }
    }

    @Test
    void aReferencePhysicalConfigRestoresWithItsCustomToolAndItsStandbyFollowsTheSource() throws Exception {
        startSource();
        // the custom tool and the standby reach the source as on another machine: over TCP, with the password
        source.allowTcpReplication();
        source.psql().run("postgres", "CREATE DATABASE app;");
        source.psql().run("app", """
                CREATE TABLE accounts (id int PRIMARY KEY, name text);
                INSERT INTO accounts SELECT g, 'account ' || g FROM generate_series(1, 300) g;
                """);
        // the file's pg_basebackup waits for a spread checkpoint, which lasts as long as it has pages to write
        source.psql().run("postgres", "CHECKPOINT");
        startEngine("physical-custom-tool.yml");
        try {
            engine.awaitSnapshot();
            assertThat(engine.client().retrieval().mode()).isEqualTo("physical");
            String first = engine.client().snapshots().get(0).id();
            Clone before = engine.createAndAwait("phys1", "ref_user", PASSWORD, null);
            assertThat(count(before, "app", "SELECT count(*) FROM accounts")).isEqualTo(300);
            assertPreloads(before);
            String restore = "retrieval.spec.physicalRestore.options";
            String snapshot = "retrieval.spec.physicalSnapshot.options";
            assertWarnsOnce("ignored: embeddedUI: ", "ignored: global.telemetry: ",
                    "ignored: provision.dockerImage, provision.containerConfig, " + restore + ".sync.healthCheck, ",
                    "ignored: " + restore + ".sync.configs: ", "ignored: " + snapshot + ".scheduler.retention.timetable: ",
                    "ignored: " + snapshot + ".configs.shared_preload_libraries (pg_stat_kcache, logerrors): ");
            // the envs gave the standby its source: sync.enabled means what it says
            assertThat(engine.logs()).doesNotContain(restore + ".sync.enabled");

            source.psql().run("app", "INSERT INTO accounts VALUES (301, 'written after the first snapshot')");
            awaitReplayedOnStandby(source.psql().run("postgres", "SELECT pg_current_wal_lsn()").strip());
            String second = engine.client().createSnapshot(null).id();
            assertThat(second).isNotEqualTo(first);
            Clone after = engine.createAndAwait("phys2", "ref_user", PASSWORD, second);
            assertThat(count(after, "app", "SELECT count(*) FROM accounts WHERE id = 301")).isEqualTo(1);
            assertThat(count(before, "app", "SELECT count(*) FROM accounts WHERE id = 301")).isZero();
        } catch (Throwable e) {
            System.err.println(engine.logs());
            throw e;
        }
    }

    private void startSource() throws IOException {
        Requirements.requireBtrfs();
        base = EngineProcess.newBaseDir("dblab-reference-config-");
        source = TestPostgres.start();
    }

    /** The engine on {@code config}, a file of reference-configs, its variables naming the source and a pool of its own. */
    private void startEngine(String config) throws IOException {
        int apiPort = FreePorts.next();
        engine = EngineProcess.withConfig(base, TOKEN, apiPort, 16900, 16909, List.of(POOL), resource(config), Map.ofEntries(
                Map.entry("DBLAB_VERIFICATION_TOKEN", TOKEN), Map.entry("DBLAB_PORT", String.valueOf(apiPort)),
                Map.entry("DBLAB_MOUNT_DIR", base.resolve("mnt").toString()), Map.entry("DBLAB_POOL", POOL),
                Map.entry("DBLAB_POOL_IMAGE", base.resolve(POOL + ".img").toString()), Map.entry("DBLAB_POOL_SIZE", "1GiB"),
                Map.entry("DBLAB_CLONE_PORT_FROM", "16900"), Map.entry("DBLAB_CLONE_PORT_TO", "16909"),
                Map.entry("SOURCE_HOST", "127.0.0.1"), Map.entry("SOURCE_PORT", String.valueOf(source.port())),
                Map.entry("SOURCE_USER", "postgres"), Map.entry("SOURCE_PASSWORD", TestPostgres.PASSWORD)));
        engine.start();
    }

    /** Each warning once in the engine's output, and the source's password nowhere. */
    private void assertWarnsOnce(String... warnings) {
        String logs = engine.logs();
        for (String warning : warnings) {
            assertThat(Pattern.compile(Pattern.quote(warning)).matcher(logs).results().count()).as(warning).isEqualTo(1);
        }
        assertThat(logs).doesNotContain(TestPostgres.PASSWORD);
    }

    /** The file's shared_preload_libraries, but for the libraries this machine does not have. */
    private static void assertPreloads(Clone clone) throws SQLException {
        assertThat(count(clone, "app", "SELECT count(*) FROM pg_settings WHERE name = 'shared_preload_libraries'"
                + " AND setting = 'pg_stat_statements, auto_explain'")).isEqualTo(1);
    }

    /** Waits until the engine's standby reports a replay position at or past {@code lsn} of the source. */
    private void awaitReplayedOnStandby(String lsn) {
        Waits.promptly("the standby replays " + lsn).atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> engine.client().status().synchronization() instanceof Map<?, ?> sync
                        && sync.get("lastReplayedLsn") instanceof String replayed && !replayed.isEmpty()
                        && "t".equals(source.psql().run("postgres", "SELECT '" + replayed + "'::pg_lsn >= '" + lsn
                                + "'::pg_lsn").strip()));
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
