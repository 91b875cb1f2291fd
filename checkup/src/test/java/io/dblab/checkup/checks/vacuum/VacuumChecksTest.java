package io.dblab.checkup.checks.vacuum;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dblab.checkup.api.Finding;
import io.dblab.checkup.api.Priority;
import io.dblab.checkup.report.CheckupReport;
import io.dblab.checkup.testing.Checkups;
import io.dblab.checkup.testing.IdleTransactions;
import io.dblab.testkit.TestPostgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * F001–F008 on a real server with planted problems: autovacuum at its defaults, tables with
 * autovacuum switched off, a table with most rows deleted and vacuumed (heap and index bloat),
 * tables with many dead rows, a long open transaction, a prepared transaction and an inactive
 * logical replication slot.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class VacuumChecksTest {
    static final String PLANTED = "S3cr3t-F-Planted";
    static final String CHECKS = "F001,F002,F003,F004,F005,F006,F007,F008";

    TestPostgres pg;
    Connection longTransaction;
    CheckupReport report;
    CheckupReport strict;
    List<String> warnings = new ArrayList<>();

    @BeforeAll
    void prepare() throws Exception {
        pg = TestPostgres.start(Map.of("wal_level", "logical", "max_prepared_transactions", "5"));
        pg.psql().run("postgres", "CREATE DATABASE app");
        pg.psql().run("app", """
                CREATE TABLE bloated (id int PRIMARY KEY, payload text, amount numeric, created timestamptz, flag boolean)
                    WITH (autovacuum_enabled = false);
                INSERT INTO bloated SELECT g, 'S3cr3t-F-Planted-' || md5(g::text), g * 1.25,
                                           now() - g * interval '1 minute', g % 2 = 0
                    FROM generate_series(1, 100000) g;
                DELETE FROM bloated WHERE id % 20 <> 0;
                CREATE TABLE dead_rows (id int, note text) WITH (autovacuum_enabled = false);
                INSERT INTO dead_rows SELECT g, md5(g::text) FROM generate_series(1, 50000) g;
                DELETE FROM dead_rows WHERE id <= 35000;
                CREATE TABLE some_dead (id int, note text) WITH (autovacuum_enabled = off);
                INSERT INTO some_dead SELECT g, md5(g::text) FROM generate_series(1, 50000) g;
                DELETE FROM some_dead WHERE id <= 15000;
                CREATE TABLE healthy (id bigint PRIMARY KEY, name text, price numeric(10,2), created timestamptz,
                                      maybe int, tags text[], code char(3), ok boolean);
                INSERT INTO healthy SELECT g, 'item number ' || g, g / 100.0, now(),
                                           CASE WHEN g % 3 = 0 THEN NULL ELSE g END, ARRAY['a', 'b'], 'abc', true
                    FROM generate_series(1, 100000) g;
                CREATE INDEX healthy_name_idx ON healthy (name);
                CREATE INDEX healthy_lower_idx ON healthy (lower(name));
                CREATE INDEX healthy_maybe_price_idx ON healthy (maybe, price) INCLUDE (code);
                """);
        // a new session: the first one's deletes must have reached the statistics before VACUUM resets them
        pg.psql().run("app", """
                VACUUM ANALYZE bloated;
                VACUUM ANALYZE healthy;
                SELECT pg_create_logical_replication_slot('idle_slot', 'test_decoding');
                BEGIN;
                CREATE TABLE in_prepared (x int);
                PREPARE TRANSACTION 'checkup-test-gid';
                """);
        longTransaction = DriverManager.getConnection(pg.jdbcUrl("app"), "postgres", TestPostgres.PASSWORD);
        longTransaction.setAutoCommit(false);
        longTransaction.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
        try (Statement st = longTransaction.createStatement()) {
            st.execute("SELECT txid_current(), count(*) FROM healthy");
        }
        IdleTransactions.awaitIdleLongerThan(pg, longTransaction, Duration.ofSeconds(1));
        report = Checkups.run(List.of(Checkups.target(pg.port(), "app")), CHECKS, Map.of(), OptionalLong.empty(),
                Duration.ZERO, warnings);
        strict = Checkups.run(List.of(Checkups.target(pg.port(), "app")), "F007",
                Map.of("f007.transaction_p1_seconds", "1"), OptionalLong.empty(), Duration.ZERO, warnings);
    }

    @AfterAll
    void cleanUp() throws Exception {
        if (longTransaction != null) {
            longTransaction.close();
        }
        if (pg != null) {
            pg.close();
        }
    }

    @Test
    void everyCheckRanWithoutErrors() {
        Checkups.assertRanWithoutErrors(report, CHECKS);
        assertThat(warnings).isEmpty();
    }

    @Test
    void autovacuumAtDefaultsIsP1AndTablesWithAutovacuumOffAreP2() {
        assertThat(Checkups.findings(report, "F001", Priority.P1)).singleElement().satisfies(f -> assertThat(f.conclusion())
                .contains("autovacuum_vacuum_scale_factor = 0.2", "autovacuum_analyze_scale_factor = 0.1",
                        "autovacuum_vacuum_threshold = 50"));
        assertThat(Checkups.findings(report, "F001", Priority.P2)).extracting(Finding::conclusion)
                .anySatisfy(c -> assertThat(c).contains("public.bloated", "database app"))
                .anySatisfy(c -> assertThat(c).contains("public.dead_rows"))
                .anySatisfy(c -> assertThat(c).contains("public.some_dead"))
                .noneSatisfy(c -> assertThat(c).contains("healthy"));
    }

    @Test
    void noWraparoundOnAFreshServer() {
        assertThat(Checkups.check(report, "F002").findings()).isEmpty();
        assertThat(Checkups.check(report, "F006").findings()).isEmpty();
        assertThat(Checkups.data(report, "F002").<List<Map<String, Object>>>get("databases"))
                .extracting(d -> d.get("database")).contains("app", "postgres", "template0");
        assertThat(Checkups.data(report, "F002").<List<Map<String, Object>>>get("oldest_tables"))
                .filteredOn(t -> t.get("database").equals("app")).hasSize(10);
    }

    @Test
    void deadTuplesOverHalfAreP1AndOverTwentyPercentP2() {
        assertThat(Checkups.findings(report, "F003", Priority.P1)).singleElement().satisfies(f ->
                assertThat(f.conclusion()).contains("public.dead_rows", "35,000 dead tuples", "70.0%",
                        "autovacuum is disabled"));
        assertThat(Checkups.findings(report, "F003", Priority.P2)).singleElement().satisfies(f ->
                assertThat(f.conclusion()).contains("public.some_dead", "30.0%"));
    }

    @Test
    void heapBloatOfTheMostlyDeletedTableIsP1AndTheHealthyTableIsNotBloated() {
        assertThat(Checkups.findings(report, "F004", Priority.P1)).singleElement().satisfies(f ->
                assertThat(f.conclusion()).contains("Database app", "public.bloated").doesNotContain("healthy"));
        assertThat(Checkups.findings(report, "F004", Priority.P2)).isEmpty();
        List<Map<String, Object>> tables = Checkups.data(report, "F004").get("tables");
        assertThat(tables).filteredOn(t -> t.get("table").equals("public.healthy")).singleElement()
                .satisfies(t -> assertThat(((Number) t.get("bloat_pct")).doubleValue()).isLessThan(20));
        assertThat(tables).filteredOn(t -> t.get("table").equals("public.bloated")).singleElement()
                .satisfies(t -> assertThat(((Number) t.get("bloat_pct")).doubleValue()).isGreaterThan(90));
        // dead_rows was never vacuumed nor analyzed: its size in pg_class is still 0
        assertThat(tables).noneSatisfy(t -> assertThat(t.get("table")).isEqualTo("public.dead_rows"));
    }

    @Test
    void indexBloatOfTheMostlyDeletedTableIsP1WithReindex() {
        assertThat(Checkups.findings(report, "F005", Priority.P1)).singleElement().satisfies(f -> {
            assertThat(f.conclusion()).contains("public.bloated_pkey").doesNotContain("healthy");
            assertThat(f.doSql()).containsExactly("REINDEX INDEX CONCURRENTLY public.bloated_pkey;");
        });
        assertThat(Checkups.findings(report, "F005", Priority.P2)).isEmpty();
        List<Map<String, Object>> indexes = Checkups.data(report, "F005").get("indexes");
        assertThat(indexes).filteredOn(i -> String.valueOf(i.get("index")).startsWith("public.healthy"))
                .hasSize(4)
                .allSatisfy(i -> assertThat(((Number) i.get("bloat_pct")).doubleValue()).as(i.toString()).isLessThan(25));
    }

    @Test
    void inactiveSlotIsP2AndYoungTransactionsAreNotFlaggedByDefault() {
        assertThat(Checkups.findings(report, "F007", Priority.P2)).singleElement().satisfies(f ->
                assertThat(f.conclusion()).contains("Inactive logical replication slot idle_slot", "catalog_xmin age"));
        assertThat(Checkups.findings(report, "F007", Priority.P1)).isEmpty();
        assertThat(Checkups.data(report, "F007").<List<Map<String, Object>>>get("sessions"))
                .anySatisfy(s -> {
                    assertThat(s.get("state")).isEqualTo("idle in transaction");
                    assertThat(s.get("query")).isEqualTo("SELECT txid_current(), count(*) FROM healthy");
                });
        assertThat(Checkups.data(report, "F007").<List<Map<String, Object>>>get("prepared_transactions"))
                .singleElement().satisfies(p -> assertThat(p.get("gid")).isEqualTo("checkup-test-gid"));
    }

    @Test
    void longTransactionAndPreparedTransactionAreP1PastTheThreshold() {
        List<Finding> p1 = Checkups.findings(strict, "F007", Priority.P1);
        assertThat(p1).extracting(Finding::conclusion)
                .anySatisfy(c -> assertThat(c).contains("Session", "user postgres, database app", "idle in transaction",
                        "SELECT txid_current(), count(*) FROM healthy"))
                .anySatisfy(c -> assertThat(c).contains("Prepared transaction 'checkup-test-gid'"));
        assertThat(p1).extracting(Finding::recommendation).anySatisfy(r -> assertThat(r).contains("pg_terminate_backend"));
        assertThat(Checkups.findings(strict, "F007", Priority.P2)).extracting(Finding::conclusion)
                .anySatisfy(c -> assertThat(c).contains("idle_slot"));
    }

    @Test
    void autovacuumResourcesAtDefaultsGiveOnlyP3() {
        List<Finding> f008 = Checkups.check(report, "F008").findings();
        assertThat(f008).extracting(Finding::priority).containsOnly(Priority.P3);
        assertThat(f008).extracting(Finding::conclusion)
                .anySatisfy(c -> assertThat(c).contains("64.0 MiB", "maintenance_work_mem"))
                .anySatisfy(c -> assertThat(c).contains("cost limit 200 per 2 ms"));
    }

    @Test
    void noDataValueInAnyDataOrFinding() throws Exception {
        ObjectMapper json = new ObjectMapper();
        for (String id : CHECKS.split(",")) {
            String text = json.writeValueAsString(Checkups.data(report, id).values())
                    + json.writeValueAsString(Checkups.check(report, id).findings());
            assertThat(text).as(id).doesNotContain(PLANTED, "S3cr3t");
        }
    }
}
