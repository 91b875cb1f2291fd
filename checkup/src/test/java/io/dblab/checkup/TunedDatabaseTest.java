package io.dblab.checkup;

import static org.assertj.core.api.Assertions.assertThat;

import io.dblab.checkup.api.Priority;
import io.dblab.checkup.report.CheckResult;
import io.dblab.checkup.report.CheckupReport;
import io.dblab.checkup.testing.Checkups;
import io.dblab.testkit.TestPostgres;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** A freshly tuned server gets no P1 from these checks. */
class TunedDatabaseTest {
    @Test
    void tunedServerHasNoP1() throws Exception {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("shared_preload_libraries", "pg_stat_statements");
        settings.put("shared_buffers", "128MB");
        settings.put("max_connections", "20");
        settings.put("work_mem", "4MB");
        settings.put("autovacuum_work_mem", "16MB");
        settings.put("statement_timeout", "30s");
        settings.put("idle_in_transaction_session_timeout", "60s");
        settings.put("log_lock_waits", "on");
        settings.put("track_io_timing", "on");
        try (TestPostgres pg = TestPostgres.start(settings)) {
            pg.psql().run("postgres", """
                    CREATE EXTENSION pg_stat_statements;
                    CREATE TABLE accounts (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, name text);
                    INSERT INTO accounts (name) SELECT 'a' || g FROM generate_series(1, 100) g;
                    ANALYZE;
                    """);
            CheckupReport report = Checkups.run(List.of(Checkups.target(pg.port(), "postgres")), Checkups.MY_CHECKS,
                    Map.of(), OptionalLong.of(512L * 1024 * 1024));
            for (CheckResult c : report.checks()) {
                assertThat(c.byHost().values()).as(c.id()).allSatisfy(r -> assertThat(r.error()).isNull());
                assertThat(c.findings()).as(c.id() + " " + c.findings())
                        .noneSatisfy(f -> assertThat(f.priority()).isEqualTo(Priority.P1));
            }
            assertThat(Checkups.check(report, "D004").findings()).extracting(f -> f.priority()).containsOnly(Priority.INFO);
            assertThat(Checkups.check(report, "G003").findings()).extracting(f -> f.priority()).containsOnly(Priority.INFO);
            assertThat(Checkups.check(report, "G001").findings()).extracting(f -> f.priority()).containsOnly(Priority.INFO);
            assertThat(Checkups.check(report, "L004").findings()).extracting(f -> f.priority()).containsOnly(Priority.INFO);
        }
    }
}
