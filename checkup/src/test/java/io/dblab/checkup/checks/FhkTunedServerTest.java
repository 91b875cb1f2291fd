package io.dblab.checkup.checks;

import static org.assertj.core.api.Assertions.assertThat;

import io.dblab.checkup.api.Finding;
import io.dblab.checkup.api.Priority;
import io.dblab.checkup.report.CheckupReport;
import io.dblab.checkup.testing.Checkups;
import io.dblab.testkit.TestPostgres;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A freshly tuned server with a healthy schema and a light workload: the F, H and K checks find no
 * P1, and the checks that look for planted problems find nothing at all.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FhkTunedServerTest {
    static final String CHECKS = "F001,F002,F003,F004,F005,F006,F007,F008,H001,H002,H003,H004,H005,K001,K002,K003";

    TestPostgres pg;
    CheckupReport report;
    List<String> warnings = new ArrayList<>();

    @BeforeAll
    void prepare() throws Exception {
        pg = TestPostgres.start(Map.of("shared_preload_libraries", "pg_stat_statements", "autovacuum_max_workers", "6"));
        pg.psql().run("postgres", """
                ALTER SYSTEM SET autovacuum_vacuum_scale_factor = 0.02;
                ALTER SYSTEM SET autovacuum_analyze_scale_factor = 0.01;
                ALTER SYSTEM SET autovacuum_vacuum_insert_scale_factor = 0.05;
                ALTER SYSTEM SET autovacuum_vacuum_cost_limit = 2000;
                ALTER SYSTEM SET autovacuum_work_mem = '512MB';
                SELECT pg_reload_conf();
                CREATE DATABASE app;
                """);
        pg.psql().run("app", """
                CREATE EXTENSION pg_stat_statements;
                CREATE TABLE customers (id bigint PRIMARY KEY, email text NOT NULL UNIQUE, created timestamptz NOT NULL);
                INSERT INTO customers SELECT g, 'c' || g || '@x.io', now() - g * interval '1 s'
                    FROM generate_series(1, 50000) g;
                CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint NOT NULL REFERENCES customers (id),
                                     amount numeric(12,2) CHECK (amount >= 0), note text);
                INSERT INTO orders SELECT g, 1 + g % 50000, g % 1000, CASE WHEN g % 4 = 0 THEN NULL ELSE 'n' || g END
                    FROM generate_series(1, 200000) g;
                CREATE INDEX orders_customer_id_idx ON orders (customer_id);
                VACUUM ANALYZE;
                """);
        pg.psql().run("app", """
                SELECT count(*) FROM orders WHERE customer_id = 7;
                SELECT count(*) FROM customers WHERE email = 'c7@x.io';
                SELECT count(*) FROM orders o JOIN customers c ON c.id = o.customer_id WHERE c.id = 9;
                -- the scan counts reach the statistics before this statement answers, not up to a second later
                SELECT pg_stat_force_next_flush();
                """);
        report = Checkups.runWithLoadBetweenSamples(Checkups.target(pg.port(), "app"), CHECKS, Map.of(),
                Duration.ofSeconds(2), warnings, () -> {
                    for (int i = 0; i < 20; i++) {
                        pg.psql().run("app", "SELECT sum(amount) FROM orders WHERE customer_id = " + i);
                    }
                });
    }

    @AfterAll
    void cleanUp() {
        if (pg != null) {
            pg.close();
        }
    }

    @Test
    void noP1AndNoErrors() {
        Checkups.assertRanWithoutErrors(report, CHECKS);
        for (String id : CHECKS.split(",")) {
            assertThat(Checkups.check(report, id).findings()).as(id).extracting(Finding::priority)
                    .doesNotContain(Priority.P1);
        }
        assertThat(warnings).isEmpty();
    }

    @Test
    void checksForPlantedProblemsFindNothing() {
        for (String id : List.of("F001", "F002", "F003", "F004", "F005", "F006", "F007", "F008", "H001", "H003", "H004", "H005")) {
            assertThat(Checkups.check(report, id).findings()).as(id).isEmpty();
        }
        assertThat(Checkups.check(report, "K003").findings()).isEmpty();
    }
}
