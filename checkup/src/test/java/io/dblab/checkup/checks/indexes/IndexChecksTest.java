package io.dblab.checkup.checks.indexes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dblab.checkup.api.Finding;
import io.dblab.checkup.api.Priority;
import io.dblab.checkup.report.CheckupReport;
import io.dblab.checkup.testing.Checkups;
import io.dblab.testkit.TestPostgres;
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
 * H001–H005 on a real server with planted problems: an invalid index (a unique index built
 * concurrently over duplicates), unused, rarely used, redundant and duplicate indexes, foreign keys
 * without an index on a large and a small table, and constraints left NOT VALID. The DO and UNDO
 * statements are run on the server to show that they work.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IndexChecksTest {
    static final String PLANTED = "S3cr3t-H-Planted";
    static final String CHECKS = "H001,H002,H003,H004,H005";

    TestPostgres pg;
    CheckupReport report;
    List<String> warnings = new ArrayList<>();

    @BeforeAll
    void prepare() throws Exception {
        pg = TestPostgres.start(Map.of());
        pg.psql().run("postgres", "CREATE DATABASE app");
        pg.psql().run("app", """
                CREATE TABLE customers (id int PRIMARY KEY, email text NOT NULL, region int, created date, note text);
                INSERT INTO customers SELECT g, 'c' || g || '@x.io', g % 10, date '2020-01-01' + g % 1000,
                                             'S3cr3t-H-Planted'
                    FROM generate_series(1, 20000) g;
                ALTER TABLE customers ADD CONSTRAINT customers_id_region_uq UNIQUE (id, region);
                CREATE INDEX customers_created_idx ON customers (created);
                CREATE INDEX customers_email_idx ON customers (email);
                CREATE INDEX customers_email_region_idx ON customers (email, region);
                CREATE INDEX customers_region_idx ON customers (region);
                CREATE INDEX customers_region_idx2 ON customers (region);
                CREATE INDEX customers_region_desc_idx ON customers (region DESC);
                CREATE INDEX customers_lower_email_idx ON customers (lower(email)) WHERE region > 5;
                CREATE INDEX customers_lower_email_idx2 ON customers (lower(email)) WHERE region > 5;
                CREATE INDEX customers_lower_email_all ON customers (lower(email));
                CREATE TABLE orders (id int PRIMARY KEY, customer_id int NOT NULL REFERENCES customers (id),
                                     amount numeric, note text);
                INSERT INTO orders SELECT g, 1 + g % 20000, g, 'order note number ' || g
                    FROM generate_series(1, 200000) g;
                CREATE TABLE notes (id int PRIMARY KEY, customer_id int REFERENCES customers (id));
                INSERT INTO notes SELECT g, g FROM generate_series(1, 100) g;
                CREATE TABLE payments (id int PRIMARY KEY, customer_id int REFERENCES customers (id), region int);
                CREATE INDEX payments_customer_idx ON payments (customer_id, region);
                ALTER TABLE orders ADD CONSTRAINT orders_amount_positive CHECK (amount > 0) NOT VALID;
                ALTER TABLE notes ADD CONSTRAINT notes_customer_fk2 FOREIGN KEY (customer_id)
                    REFERENCES customers (id) NOT VALID;
                CREATE DOMAIN positive_int AS int;
                ALTER DOMAIN positive_int ADD CONSTRAINT positive_int_check CHECK (VALUE > 0) NOT VALID;
                VACUUM ANALYZE;
                SET enable_seqscan = off;
                SELECT count(*) FROM customers WHERE created = date '2020-01-05';
                -- the index scan counts reach the statistics before this statement answers, not up to a second later
                SELECT pg_stat_force_next_flush();
                """);
        assertThatThrownBy(() -> pg.psql().run("app", "CREATE UNIQUE INDEX CONCURRENTLY customers_region_uniq ON customers (region)"))
                .hasMessageContaining("could not create unique index");
        report = Checkups.run(List.of(Checkups.target(pg.port(), "app")), CHECKS, Map.of(), OptionalLong.empty(),
                Duration.ZERO, warnings);
    }

    @AfterAll
    void cleanUp() {
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
    void invalidIndexIsP2WithDropAndRecreate() {
        assertThat(Checkups.check(report, "H001").findings()).singleElement().satisfies(f -> {
            assertThat(f.priority()).isEqualTo(Priority.P2);
            assertThat(f.conclusion()).contains("Database app", "public.customers_region_uniq", "unique",
                    "what is left of a failed build");
            assertThat(f.doSql()).containsExactly("DROP INDEX CONCURRENTLY IF EXISTS public.customers_region_uniq;");
            assertThat(f.undoSql()).containsExactly(
                    "CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS customers_region_uniq ON public.customers USING btree (region);");
        });
    }

    @Test
    void unusedIndexesAreP3WhileTheStatisticsAreYoung() {
        Finding unused = Checkups.findings(report, "H002", Priority.P3).stream()
                .filter(f -> f.conclusion().contains("not been used")).findFirst().orElseThrow();
        assertThat(unused.conclusion()).contains("customers_email_idx", "customers_region_idx2",
                "public.payments_customer_idx", "too young", "at least 7 days")
                .doesNotContain("customers_pkey", "customers_id_region_uq", "customers_region_uniq", "customers_created_idx");
        assertThat(unused.doSql()).contains("DROP INDEX CONCURRENTLY IF EXISTS public.customers_email_idx;")
                .noneSatisfy(s -> assertThat(s).contains("payments_customer_idx"));
        assertThat(unused.undoSql()).contains(
                "CREATE INDEX CONCURRENTLY IF NOT EXISTS customers_email_idx ON public.customers USING btree (email);");
        assertThat(unused.conclusion()).contains("serve foreign keys: public.payments_customer_idx");
        assertThat(Checkups.findings(report, "H002", Priority.P2)).isEmpty();
    }

    @Test
    void anIndexScannedOnceForTwentyThousandWritesIsRarelyUsed() {
        Finding rare = Checkups.findings(report, "H002", Priority.P3).stream()
                .filter(f -> f.conclusion().contains("less than once per 1000 writes")).findFirst().orElseThrow();
        assertThat(rare.conclusion()).contains("public.customers_created_idx", "1 scans");
        assertThat(rare.doSql()).containsExactly("DROP INDEX CONCURRENTLY IF EXISTS public.customers_created_idx;");
    }

    @Test
    void foreignKeysWithoutIndexAreP2OnTheLargeTableAndP3OnTheSmallOne() {
        assertThat(Checkups.findings(report, "H003", Priority.P2)).singleElement().satisfies(f -> {
            assertThat(f.conclusion()).contains("orders_customer_id_fkey on public.orders (customer_id) → public.customers")
                    .doesNotContain("notes", "payments");
            assertThat(f.doSql()).containsExactly(
                    "CREATE INDEX CONCURRENTLY IF NOT EXISTS orders_customer_id_idx ON public.orders (customer_id);");
            assertThat(f.undoSql()).containsExactly("DROP INDEX CONCURRENTLY IF EXISTS public.orders_customer_id_idx;");
        });
        assertThat(Checkups.findings(report, "H003", Priority.P3)).singleElement().satisfies(f ->
                assertThat(f.conclusion()).contains("notes_customer_id_fkey on public.notes", "notes_customer_fk2")
                        .doesNotContain("payments", "orders"));
    }

    @Test
    void redundantAndDuplicateIndexesButNoConstraintOrDifferentPredicate() {
        assertThat(Checkups.check(report, "H004").findings()).singleElement().satisfies(f -> {
            assertThat(f.priority()).isEqualTo(Priority.P3);
            assertThat(f.conclusion()).contains(
                    "public.customers_email_idx on public.customers", "covered by public.customers_email_region_idx",
                    "public.customers_region_idx2 on public.customers", "duplicate of public.customers_region_idx",
                    "public.customers_lower_email_idx2", "duplicate of public.customers_lower_email_idx")
                    .doesNotContain("customers_pkey", "customers_id_region_uq", "customers_lower_email_all",
                            "customers_region_desc_idx", "customers_region_uniq", "customers_created_idx");
            assertThat(f.doSql()).containsExactlyInAnyOrder(
                    "DROP INDEX CONCURRENTLY IF EXISTS public.customers_email_idx;",
                    "DROP INDEX CONCURRENTLY IF EXISTS public.customers_region_idx2;",
                    "DROP INDEX CONCURRENTLY IF EXISTS public.customers_lower_email_idx2;");
            assertThat(f.undoSql()).contains("CREATE INDEX CONCURRENTLY IF NOT EXISTS customers_lower_email_idx2 "
                    + "ON public.customers USING btree (lower(email)) WHERE (region > 5);");
        });
    }

    @Test
    void notValidConstraintsAreP2WithValidate() {
        assertThat(Checkups.check(report, "H005").findings()).singleElement().satisfies(f -> {
            assertThat(f.priority()).isEqualTo(Priority.P2);
            assertThat(f.conclusion()).contains("3 constraints", "CHECK orders_amount_positive on public.orders",
                    "FOREIGN KEY notes_customer_fk2 on public.notes → public.customers",
                    "CHECK positive_int_check on domain public.positive_int");
            assertThat(f.doSql()).containsExactlyInAnyOrder(
                    "ALTER TABLE public.orders VALIDATE CONSTRAINT orders_amount_positive;",
                    "ALTER TABLE public.notes VALIDATE CONSTRAINT notes_customer_fk2;",
                    "ALTER DOMAIN public.positive_int VALIDATE CONSTRAINT positive_int_check;");
            assertThat(f.undoSql()).isEmpty();
        });
    }

    @Test
    void doStatementsFixTheProblemsAndUndoStatementsBringThemBack() throws Exception {
        List<Finding> all = new ArrayList<>();
        for (String id : List.of("H002", "H003", "H004", "H005")) {
            all.addAll(Checkups.check(report, id).findings());
        }
        List<String> doSql = all.stream().flatMap(f -> f.doSql().stream()).distinct().toList();
        List<String> undoSql = all.stream().flatMap(f -> f.undoSql().stream()).distinct().toList();
        for (String sql : doSql) {
            pg.psql().run("app", sql);
        }
        CheckupReport fixed = Checkups.run(List.of(Checkups.target(pg.port(), "app")), "H003,H004,H005", Map.of(),
                OptionalLong.empty());
        assertThat(Checkups.check(fixed, "H004").findings()).isEmpty();
        assertThat(Checkups.check(fixed, "H005").findings()).isEmpty();
        assertThat(Checkups.check(fixed, "H003").findings()).isEmpty();
        for (String sql : undoSql) {
            pg.psql().run("app", sql);
        }
        CheckupReport undone = Checkups.run(List.of(Checkups.target(pg.port(), "app")), "H003,H004", Map.of(),
                OptionalLong.empty());
        assertThat(Checkups.check(undone, "H004").findings()).singleElement().satisfies(f ->
                assertThat(f.doSql()).hasSize(3));
        assertThat(Checkups.check(undone, "H003").findings()).extracting(Finding::conclusion)
                .anySatisfy(c -> assertThat(c).contains("orders_customer_id_fkey"))
                .anySatisfy(c -> assertThat(c).contains("notes_customer_id_fkey"));
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
