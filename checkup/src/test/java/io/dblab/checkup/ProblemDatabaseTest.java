package io.dblab.checkup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dblab.checkup.api.Finding;
import io.dblab.checkup.api.Priority;
import io.dblab.checkup.report.CheckResult;
import io.dblab.checkup.report.CheckupReport;
import io.dblab.checkup.report.ReportFormat;
import io.dblab.checkup.report.ReportWriter;
import io.dblab.checkup.runner.ConnTarget;
import io.dblab.checkup.runner.NoHostReachedException;
import io.dblab.checkup.runner.PgSession;
import io.dblab.checkup.testing.Checkups;
import io.dblab.checkup.testing.IdleTransactions;
import io.dblab.testkit.FreePorts;
import io.dblab.testkit.TempDirs;
import io.dblab.testkit.TestPostgres;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A database with known problems: each is found with the expected priority, and nothing from the
 * table data or the planted passwords reaches any output file.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProblemDatabaseTest {
    static final String PLANTED = "S3cr3t-Planted-Value";
    static final String CONNINFO_PASSWORD = "xyz-Secret-Pw";
    static final String ARCHIVE_SECRET = "Archive-Secret-Pw";
    static final long RAM = 64L * 1024 * 1024 * 1024;

    TestPostgres pg;
    Connection idleInTransaction;
    CheckupReport report;
    List<String> warnings = new ArrayList<>();
    Path out;

    @BeforeAll
    void prepare() throws Exception {
        out = Files.createTempDirectory("checkup-report-");
        pg = TestPostgres.start(Map.of());
        pg.psql().run("postgres", """
                CREATE DATABASE app;
                ALTER SYSTEM SET primary_conninfo = 'host=10.9.9.9 user=replicator password=xyz-Secret-Pw application_name=s1';
                ALTER SYSTEM SET archive_command = 'aws s3 cp %p s3://bucket/ --secret Archive-Secret-Pw';
                SELECT pg_reload_conf();
                """);
        pg.psql().run("app", """
                CREATE TABLE no_pk_small (note text);
                CREATE TABLE no_pk_big (id int, note text);
                INSERT INTO no_pk_big SELECT g, 'S3cr3t-Planted-Value-' || g FROM generate_series(1, 2000) g;
                CREATE TABLE orders (id serial PRIMARY KEY, note text);
                SELECT setval('orders_id_seq', (2^31 * 0.6)::bigint);
                INSERT INTO orders (note) VALUES ('S3cr3t-Planted-Value');
                CREATE TABLE events (id int GENERATED ALWAYS AS IDENTITY PRIMARY KEY, note text);
                SELECT setval(pg_get_serial_sequence('events', 'id'), (2^31 * 0.2)::bigint);
                CREATE TABLE fine (id serial PRIMARY KEY);
                INSERT INTO fine DEFAULT VALUES;
                ANALYZE;
                """);
        idleInTransaction = DriverManager.getConnection(pg.jdbcUrl("app"), "postgres", TestPostgres.PASSWORD);
        idleInTransaction.setAutoCommit(false);
        try (Statement st = idleInTransaction.createStatement()) {
            st.execute("SELECT count(*) FROM orders");
        }
        IdleTransactions.awaitIdleLongerThan(pg, idleInTransaction, Duration.ofSeconds(1));
        report = Checkups.run(List.of(Checkups.target(pg.port(), "app")), null,
                Map.of("g002.idle_in_transaction_seconds", "1", "l004.large_table_bytes", "32768"),
                OptionalLong.of(RAM), Duration.ofSeconds(1), warnings);
        new ReportWriter().write(report, out, EnumSet.allOf(ReportFormat.class));
    }

    @AfterAll
    void cleanUp() throws SQLException {
        if (idleInTransaction != null) {
            idleInTransaction.close();
        }
        if (pg != null) {
            pg.close();
        }
        if (out != null) {
            TempDirs.deleteRecursively(out);
        }
    }

    @Test
    void everyCheckOfThisPartRanOnThePrimary() {
        Checkups.assertRanWithoutErrors(report, Checkups.MY_CHECKS);
        for (String id : Checkups.MY_CHECKS.split(",")) {
            assertThat(Checkups.check(report, id).findings()).as(id).isNotEmpty();
        }
        assertThat(warnings).isEmpty();
    }

    @Test
    void integerKeyAtSixtyPercentIsP1AndAtTwentyPercentIsP2() {
        assertThat(Checkups.findings(report, "L003", Priority.P1)).singleElement().satisfies(f -> {
            assertThat(f.conclusion()).contains("app.public.orders.id", "primary key", "60.0%");
            assertThat(f.doSql()).contains("ALTER TABLE public.orders ALTER COLUMN id TYPE bigint;");
        });
        assertThat(Checkups.findings(report, "L003", Priority.P2)).singleElement().satisfies(f ->
                assertThat(f.conclusion()).contains("app.public.events.id").doesNotContain("orders"));
    }

    @Test
    void tablesWithoutPrimaryKeyAreP2WhenLargeAndP3WhenSmall() {
        assertThat(Checkups.findings(report, "L004", Priority.P2)).singleElement().satisfies(f ->
                assertThat(f.conclusion()).contains("app.public.no_pk_big").doesNotContain("no_pk_small"));
        assertThat(Checkups.findings(report, "L004", Priority.P3)).singleElement().satisfies(f ->
                assertThat(f.conclusion()).contains("app.public.no_pk_small"));
    }

    @Test
    void idleInTransactionSessionIsP2AndALongTransactionIsP1() throws Exception {
        assertThat(Checkups.findings(report, "G002", Priority.P2)).singleElement().satisfies(f ->
                assertThat(f.conclusion()).contains("idle in transaction", "postgres@app"));
        assertThat(Checkups.findings(report, "G002", Priority.P1)).isEmpty();

        CheckupReport strict = Checkups.run(List.of(Checkups.target(pg.port(), "app")), "G002",
                Map.of("g002.long_transaction_seconds", "1"), OptionalLong.empty());
        assertThat(strict.checks()).singleElement().satisfies(c -> assertThat(c.findings())
                .anySatisfy(f -> {
                    assertThat(f.priority()).isEqualTo(Priority.P1);
                    assertThat(f.conclusion()).contains("postgres@app", "idle in transaction");
                }));
    }

    @Test
    void checksumsOffAndNoPgStatStatementsAndNoTimeoutsAreP2() {
        assertThat(Checkups.findings(report, "A010", Priority.P2)).singleElement().satisfies(f ->
                assertThat(f.conclusion()).contains("Data checksums are off"));
        assertThat(Checkups.findings(report, "D004", Priority.P2)).anySatisfy(f ->
                assertThat(f.conclusion()).contains("not in shared_preload_libraries"));
        assertThat(Checkups.findings(report, "G003", Priority.P2)).extracting(Finding::conclusion)
                .anySatisfy(c -> assertThat(c).startsWith("statement_timeout is 0"))
                .anySatisfy(c -> assertThat(c).startsWith("idle_in_transaction_session_timeout is 0"));
    }

    @Test
    void smallSharedBuffersForTheRamIsP1() {
        assertThat(Checkups.findings(report, "G001", Priority.P1)).singleElement().satisfies(f ->
                assertThat(f.conclusion()).contains("shared_buffers", "128.0 MiB", "64.0 GiB", "below 20%"));
    }

    @Test
    void versionIsReported() {
        CheckResult a002 = Checkups.check(report, "A002");
        assertThat(a002.byHost().values()).singleElement().satisfies(r ->
                assertThat(r.data().<String>get("major")).isEqualTo("15"));
    }

    @Test
    void secretSettingsAreRedactedInTheData() {
        Map<?, ?> conninfo = Checkups.data(report, "A003")
                .<List<Map<?, ?>>>get("settings").stream().filter(s -> "primary_conninfo".equals(s.get("name")))
                .findFirst().orElseThrow();
        assertThat(conninfo.get("setting")).isEqualTo("host=10.9.9.9 user=replicator password=******** application_name=s1");
        Map<?, ?> archive = Checkups.data(report, "A007")
                .<List<Map<?, ?>>>get("changed").stream().filter(s -> "archive_command".equals(s.get("name")))
                .findFirst().orElseThrow();
        assertThat(archive.get("setting")).isEqualTo("********");
        assertThat(archive.get("sourcefile")).asString().endsWith("postgresql.auto.conf");
    }

    @Test
    void writesJsonMarkdownAndSelfContainedHtml() throws Exception {
        for (CheckResult c : report.checks()) {
            Path json = out.resolve("json").resolve(c.id() + "_" + c.name() + ".json");
            assertThat(json).exists();
            assertThat(out.resolve("md").resolve(c.id() + ".md")).exists();
        }
        String l003 = Files.readString(out.resolve("json/L003_integer_primary_keys_and_sequences_near_overflow.json"));
        assertThat(l003).contains("\"project\" : \"test\"", "\"checkId\" : \"L003\"", "\"p1\" : true", "\"p2\" : true",
                "\"p3\" : false", "\"127.0.0.1:" + pg.port() + "\"", "\"role\" : \"primary\"", "[P1] Integer keys");
        String full = Files.readString(out.resolve("md/0_Full_report.md"));
        assertThat(full).contains("| Check | Title | P1 | P2 | P3 |", "| [L003](#l003-integer-primary-keys-and-sequences-near-overflow) |", "## L004 Tables without a primary key");
        String html = Files.readString(out.resolve("report.html"));
        assertThat(html).contains("<svg", "L001: largest tables", "app.public.no_pk_big", "ALTER TABLE public.orders");
        assertThat(html).doesNotContain("http://", "https://", "<script", "<link", "src=");
    }

    @Test
    void noTableDataOrPasswordReachesAnyOutputFile() throws Exception {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(out)) {
            files = walk.filter(Files::isRegularFile).toList();
        }
        assertThat(files).hasSizeGreaterThan(report.checks().size() * 2);
        for (Path file : files) {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            assertThat(text).as(file.toString())
                    .doesNotContain(PLANTED, CONNINFO_PASSWORD, ARCHIVE_SECRET, TestPostgres.PASSWORD);
        }
    }

    @Test
    void sessionsAreReadOnlyWithTimeouts() throws Exception {
        try (PgSession session = Checkups.session(pg.port(), "app")) {
            assertThat(session.query("SHOW statement_timeout").get(0).values()).containsExactly("30s");
            assertThat(session.query("SHOW lock_timeout").get(0).values()).containsExactly("5s");
            assertThat(session.query("SHOW application_name").get(0).values()).containsExactly("dblab-checkup");
            assertThatThrownBy(() -> session.query("CREATE TABLE written_by_checkup (x int) RETURNING 1"))
                    .isInstanceOf(SQLException.class);
            try (Statement st = session.jdbc().createStatement()) {
                assertThatThrownBy(() -> st.execute("CREATE TABLE written_by_checkup (x int)"))
                        .isInstanceOf(SQLException.class)
                        .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("25006"));
                assertThatThrownBy(() -> st.execute("UPDATE orders SET note = 'x'"))
                        .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("25006"));
            }
        }
        assertThat(pg.psql().run("app", "SELECT to_regclass('written_by_checkup') IS NULL").trim()).isEqualTo("t");
    }

    @Test
    void anUnreachableHostIsReportedAndTheOthersAreChecked() throws Exception {
        ConnTarget down = Checkups.target(FreePorts.next(), "app");
        List<String> runWarnings = new ArrayList<>();
        CheckupReport r = Checkups.run(List.of(Checkups.target(pg.port(), "app"), down), "A010,L004",
                Map.of(), OptionalLong.empty(), Duration.ZERO, runWarnings);
        assertThat(r.hosts()).hasSize(2);
        assertThat(r.hosts().get(1).isReached()).isFalse();
        assertThat(runWarnings).singleElement().asString().contains(down.name(), "cannot connect");
        assertThat(Checkups.check(r, "A010").byHost().get(down.name()).error()).startsWith("host not reached");
        assertThat(Checkups.check(r, "A010").findings()).extracting(Finding::priority).contains(Priority.P2);

        assertThatThrownBy(() -> Checkups.run(List.of(down), "A010", Map.of(), OptionalLong.empty()))
                .isInstanceOf(NoHostReachedException.class).hasMessageContaining("no host could be reached");
    }
}
