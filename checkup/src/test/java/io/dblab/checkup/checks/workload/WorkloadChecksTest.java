package io.dblab.checkup.checks.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dblab.checkup.api.CheckContext;
import io.dblab.checkup.api.CheckUnavailableException;
import io.dblab.checkup.api.Finding;
import io.dblab.checkup.api.HostData;
import io.dblab.checkup.api.HostRole;
import io.dblab.checkup.api.Priority;
import io.dblab.checkup.report.CheckupReport;
import io.dblab.checkup.report.ReportFormat;
import io.dblab.checkup.report.ReportWriter;
import io.dblab.checkup.runner.ConnTarget;
import io.dblab.checkup.runner.PgSession;
import io.dblab.checkup.testing.Checkups;
import io.dblab.testkit.TempDirs;
import io.dblab.testkit.TestPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * K001–K003 against a server with pg_stat_statements: the deltas of two samples, the top query
 * group by time, and no literal from utility statements (which PostgreSQL 15 does not normalize)
 * in any data, finding or report file.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WorkloadChecksTest {
    static final String PLANTED = "S3cr3t-K-Planted";
    static final CheckContext CONTEXT = new CheckContext(Map.of("h", HostRole.PRIMARY), OptionalLong.empty(), Map.of());
    static final ObjectMapper JSON = new ObjectMapper();

    TestPostgres pg;

    @BeforeAll
    void prepare() {
        pg = TestPostgres.start(Map.of("shared_preload_libraries", "pg_stat_statements"));
        pg.psql().run("postgres", "CREATE DATABASE app");
        pg.psql().run("app", """
                CREATE EXTENSION pg_stat_statements;
                CREATE TABLE items (id int PRIMARY KEY, name text);
                INSERT INTO items SELECT g, 'item ' || g FROM generate_series(1, 1000) g;
                CREATE ROLE monitor LOGIN PASSWORD 'monitor-pw' IN ROLE pg_monitor;
                """);
    }

    @AfterAll
    void cleanUp() {
        if (pg != null) {
            pg.close();
        }
    }

    /** Statements with the planted value as literals, most of them utility statements, and two slow queries. */
    void workload(String suffix) throws Exception {
        try (Connection c = DriverManager.getConnection(pg.jdbcUrl("app"), "postgres", TestPostgres.PASSWORD);
             Statement st = c.createStatement()) {
            st.execute("SET application_name = 'S3cr3t-K-Planted'");
            st.execute("CREATE TABLE k_t" + suffix + " (a text DEFAULT 'S3cr3t-K-Planted', b numeric DEFAULT 31337)");
            st.execute("COMMENT ON TABLE k_t" + suffix + " IS 'S3cr3t-K-Planted'");
            st.execute("DO $$BEGIN PERFORM 'S3cr3t-K-Planted'; END$$");
            st.execute("DO $body$ BEGIN PERFORM $x$S3cr3t-K-Planted$x$; END $body$");
            st.execute("CREATE ROLE k_role" + suffix + " PASSWORD 'S3cr3t-K-Planted'");
            st.execute("ALTER TABLE k_t" + suffix + " ADD CONSTRAINT c CHECK (a <> E'S3cr3t-K-Planted\\'')");
            st.execute("SELECT 'S3cr3t-K-Planted' AS x, name FROM items WHERE id = 42");
            st.execute("SELECT pg_sleep(0.6)");
            st.execute("SELECT pg_sleep(0.6)");
        }
        pg.psql().run("app", "COPY (SELECT 'S3cr3t-K-Planted') TO STDOUT; SET search_path = 'S3cr3t-K-Planted', public;");
    }

    static String json(Object o) throws Exception {
        return JSON.writeValueAsString(o);
    }

    @Test
    void plantedLiteralsInUtilityStatementsDoNotSurviveAndTheSlowQueryIsP1() throws Exception {
        try (PgSession session = Checkups.session(pg.port(), "app")) {
            TopQueriesCheck k003 = new TopQueriesCheck();
            HostData first = k003.sample(session);
            workload("1");
            HostData second = k003.sample(session);
            assertThat(pg.psql().run("app", "SELECT count(*) FROM pg_stat_statements WHERE query LIKE '%S3cr3t-K-Planted%'")
                    .trim()).as("PostgreSQL 15 keeps the literals of utility statements").isNotEqualTo("0");

            HostData data = k003.combine(session, first, second, Duration.ofSeconds(2));
            List<Finding> findings = k003.conclude(Map.of("h", data), CONTEXT);
            assertThat(json(first.values()) + json(second.values()) + json(data.values()) + json(findings))
                    .doesNotContain(PLANTED, "S3cr3t", "31337");

            List<Map<String, Object>> queries = data.get("queries");
            assertThat(queries).extracting(q -> (String) q.get("query")).contains(
                    "SET application_name = $1",
                    "CREATE TABLE k_t1 (a text DEFAULT $1, b numeric DEFAULT $2)",
                    "COMMENT ON TABLE k_t1 IS $1",
                    "DO $1",
                    "CREATE ROLE k_role1 PASSWORD $1",
                    "ALTER TABLE k_t1 ADD CONSTRAINT c CHECK (a <> $1)",
                    "SELECT $1 AS x, name FROM items WHERE id = $2",
                    "COPY (SELECT $1) TO STDOUT",
                    "SET search_path = $1, $2")
                    .noneSatisfy(q -> assertThat(q).containsAnyOf("pg_stat_statements", "dblab-checkup"));
            Map<String, Object> top = queries.get(0);
            assertThat(top.get("query")).isEqualTo("SELECT pg_sleep($1)");
            assertThat(top.get("calls")).isEqualTo(2L);
            assertThat(top.get("user")).isEqualTo("postgres");
            assertThat(top.get("database")).isEqualTo("app");
            // the two DO blocks are one group although PostgreSQL 15 gives them two queryids
            assertThat(queries).filteredOn(q -> q.get("query").equals("DO $1")).singleElement()
                    .satisfies(q -> assertThat(q.get("queryids")).isEqualTo(2));
            assertThat(findings).singleElement().satisfies(f -> {
                assertThat(f.priority()).isEqualTo(Priority.P1);
                assertThat(f.conclusion()).contains("SELECT pg_sleep($1)", "database app, user postgres");
            });
            assertThat(data.<Boolean>get("own_queries_untracked")).isTrue();
        }
    }

    @Test
    void totalsAndTypesCountOnlyWhatRanBetweenTheSamples() throws Exception {
        try (PgSession session = Checkups.session(pg.port(), "app")) {
            WorkloadTotalsCheck k001 = new WorkloadTotalsCheck();
            WorkloadByTypeCheck k002 = new WorkloadByTypeCheck();
            HostData first1 = k001.sample(session);
            HostData first2 = k002.sample(session);
            workload("2");
            HostData totals = k001.combine(session, first1, k001.sample(session), Duration.ofSeconds(4));
            HostData types = k002.combine(session, first2, k002.sample(session), Duration.ofSeconds(4));
            Map<String, Object> sums = totals.get("totals");
            assertThat(((Number) sums.get("calls")).doubleValue()).isBetween(12.0, 20.0);
            assertThat(((Number) sums.get("total_exec_time_ms")).doubleValue()).isGreaterThan(1100.0);
            assertThat(totals.<Map<String, Object>>get("per_second").get("calls")).isNotNull();
            assertThat(totals.<Object>get("entries_evicted_during_interval")).isEqualTo(0L);
            List<Map<String, Object>> byType = types.get("by_type");
            assertThat(byType.get(0).get("type")).isEqualTo("SELECT");
            assertThat(byType).extracting(t -> t.get("type")).contains("SET", "CREATE", "DO", "COMMENT", "COPY", "ALTER");
            assertThat(k001.conclude(Map.of("h", totals), CONTEXT)).extracting(Finding::priority).containsOnly(Priority.INFO);
            assertThat(k002.conclude(Map.of("h", types), CONTEXT)).singleElement()
                    .satisfies(f -> assertThat(f.conclusion()).startsWith("Execution time by statement type: SELECT"));
            assertThat(json(totals.values()) + json(types.values())).doesNotContain("S3cr3t");
        }
    }

    @Test
    void withoutTheRightToSwitchTrackingOffTheMarkerLeavesOwnQueriesOut() throws Exception {
        ConnTarget target = new ConnTarget("127.0.0.1", pg.port(), "app", "monitor", Map.of());
        try (PgSession session = PgSession.open(target, target.name(), Optional.of("monitor-pw"))) {
            TopQueriesCheck k003 = new TopQueriesCheck();
            HostData first = k003.sample(session);
            HostData second = k003.sample(session);
            assertThat(second.<Boolean>get("own_queries_untracked")).isFalse();
            assertThat(second.<Number>get("own_entries_left_out").intValue()).isGreaterThan(0);
            HostData data = k003.combine(session, first, second, Duration.ofSeconds(1));
            assertThat(data.<List<Map<String, Object>>>get("queries")).extracting(q -> (String) q.get("query"))
                    .noneSatisfy(q -> assertThat(q).containsAnyOf("pg_stat_statements", "pg_extension", "pg_attribute"));
        }
    }

    @Test
    void fullRunWritesNoLiteralIntoAnyReportFile() throws Exception {
        Path out = Files.createTempDirectory("checkup-k-");
        List<String> warnings = new ArrayList<>();
        try {
            CheckupReport report = Checkups.runWithLoadBetweenSamples(Checkups.target(pg.port(), "app"),
                    "K001,K002,K003", Map.of(), Duration.ofSeconds(4), warnings, () -> workload("3"));
            new ReportWriter().write(report, out, EnumSet.allOf(ReportFormat.class));
            Checkups.assertRanWithoutErrors(report, "K001,K002,K003");
            assertThat(Checkups.check(report, "K003").findings()).extracting(Finding::priority).contains(Priority.P1);
            List<Path> files;
            try (Stream<Path> walk = Files.walk(out)) {
                files = walk.filter(Files::isRegularFile).toList();
            }
            assertThat(files).isNotEmpty();
            assertThat(Files.readString(out.resolve("report.html"))).contains("SELECT pg_sleep($1)");
            for (Path file : files) {
                assertThat(Files.readString(file)).as(file.toString()).doesNotContain("S3cr3t");
            }
            assertThat(warnings).isEmpty();
        } finally {
            TempDirs.deleteRecursively(out);
        }
    }

    @Test
    void saysWhyItCannotRunWithoutTheExtension() throws Exception {
        try (TestPostgres plain = TestPostgres.start(Map.of());
             PgSession session = Checkups.session(plain.port(), "postgres")) {
            assertThatThrownBy(() -> new TopQueriesCheck().sample(session))
                    .isInstanceOf(CheckUnavailableException.class)
                    .hasMessageContaining("pg_stat_statements is not installed in database postgres")
                    .hasMessageContaining("shared_preload_libraries");
            plain.psql().run("postgres", "CREATE EXTENSION pg_stat_statements");
            assertThatThrownBy(() -> new WorkloadTotalsCheck().sample(session))
                    .isInstanceOf(CheckUnavailableException.class)
                    .hasMessageContaining("not loaded");
        }
    }
}
