package io.dblab.joe.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.dblab.joe.testing.Db;
import io.dblab.testkit.TestPostgres;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Plans of a real server. The text rendered from EXPLAIN's JSON equals what PostgreSQL prints as FORMAT TEXT for the same
 * query and options. Options are chosen so that two runs print the same: no ANALYZE, or ANALYZE with
 * TIMING OFF and SUMMARY OFF.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PlanServerTest {
    static final String PLAN = "COSTS, VERBOSE, SETTINGS";
    static final String RUN = "ANALYZE, COSTS, VERBOSE, BUFFERS, SETTINGS, WAL, TIMING OFF, SUMMARY OFF";
    static final String TERSE_RUN = "ANALYZE, COSTS OFF, BUFFERS, TIMING OFF, SUMMARY OFF";

    TestPostgres pg;
    Connection conn;

    @BeforeAll
    void start() throws Exception {
        pg = TestPostgres.start(Map.of("max_parallel_workers_per_gather", "0"));
        pg.psql().run("postgres", """
                CREATE TABLE customers (id int PRIMARY KEY, name text NOT NULL, region int);
                INSERT INTO customers SELECT g, 'name' || g, g % 10 FROM generate_series(1, 10000) g;
                CREATE TABLE orders (id int PRIMARY KEY, customer_id int NOT NULL REFERENCES customers,
                                     amount numeric, note text);
                INSERT INTO orders SELECT g, 1 + g % 10000, g % 100, 'n' || g FROM generate_series(1, 50000) g;
                CREATE INDEX orders_customer_idx ON orders (customer_id);
                CREATE TABLE "Order Items" ("Order" int, "user" text, qty int);
                INSERT INTO "Order Items" SELECT g % 500, 'u' || g % 7, g FROM generate_series(1, 2000) g;
                VACUUM ANALYZE;
                """);
        conn = Db.connect(pg, "postgres");
    }

    @AfterAll
    void stop() throws Exception {
        Db.close(conn, pg);
    }

    static Stream<String> queries() {
        return Stream.of(
                "SELECT * FROM orders WHERE note LIKE 'n1%'",
                "SELECT * FROM orders WHERE id = 42",
                "SELECT id FROM orders WHERE id BETWEEN 10 AND 20",
                "SELECT * FROM orders WHERE id > 49990 ORDER BY id DESC",
                "SELECT * FROM orders WHERE customer_id IN (1, 2, 3)",
                "SELECT c.name, o.amount FROM customers c JOIN orders o ON o.customer_id = c.id WHERE c.region = 3",
                "SELECT c.name, o.amount FROM customers c JOIN orders o ON o.customer_id = c.id WHERE c.id < 5",
                "SELECT c.id, o.id FROM customers c LEFT JOIN orders o ON o.customer_id = c.id AND o.amount > 90 WHERE c.id < 50",
                "SELECT * FROM customers c WHERE EXISTS (SELECT 1 FROM orders o WHERE o.customer_id = c.id AND o.amount = 7)",
                "SELECT * FROM customers c WHERE NOT EXISTS (SELECT 1 FROM orders o WHERE o.customer_id = c.id)",
                "SELECT * FROM orders ORDER BY note LIMIT 10",
                "SELECT * FROM orders ORDER BY note",
                "SELECT region, count(*), sum(id) FROM customers GROUP BY region",
                "SELECT count(*) FROM orders",
                "SELECT customer_id, count(*) FROM orders WHERE customer_id < 100 GROUP BY customer_id ORDER BY customer_id",
                "SELECT DISTINCT region FROM customers",
                "WITH c AS MATERIALIZED (SELECT * FROM customers WHERE region = 3) SELECT c.name, sum(o.amount) FROM c "
                        + "JOIN orders o ON o.customer_id = c.id WHERE o.amount > (SELECT avg(amount) FROM orders) "
                        + "GROUP BY c.name ORDER BY 2 DESC LIMIT 5",
                "SELECT c.id, (SELECT max(o.amount) FROM orders o WHERE o.customer_id = c.id) FROM customers c WHERE c.id < 10",
                "SELECT id FROM customers WHERE id < 5 UNION ALL SELECT id FROM orders WHERE id < 5",
                "SELECT region FROM customers INTERSECT SELECT customer_id FROM orders WHERE id < 100",
                "SELECT * FROM (VALUES (1, 'a'), (2, 'b')) AS v(n, s)",
                "SELECT g, g * 2 FROM generate_series(1, 10) g",
                "SELECT id, rank() OVER (PARTITION BY region ORDER BY id) FROM customers WHERE id < 100",
                "SELECT * FROM orders WHERE customer_id < 50 ORDER BY customer_id, amount LIMIT 20",
                "SELECT i.\"user\", sum(i.qty) FROM \"Order Items\" i WHERE i.\"Order\" < 10 GROUP BY 1",
                "SELECT * FROM \"Order Items\" AS \"Select\" WHERE \"Order\" = 3",
                "SELECT c.* FROM (SELECT * FROM customers WHERE id < 0) c JOIN orders o ON o.customer_id = c.id",
                "SELECT * FROM customers WHERE false",
                "WITH RECURSIVE r(n) AS (VALUES (1) UNION SELECT n % 5 + 1 FROM r) SELECT * FROM r",
                "SELECT * FROM customers c, LATERAL (SELECT * FROM orders o WHERE o.customer_id = c.id LIMIT 1) o WHERE c.id < 3");
    }

    @ParameterizedTest
    @MethodSource("queries")
    void planWithoutRunning(String sql) throws Exception {
        assertRenderedAsText(PLAN, sql);
    }

    @ParameterizedTest
    @MethodSource("queries")
    void runPlan(String sql) throws Exception {
        assertRenderedAsText(RUN, sql);
    }

    @ParameterizedTest
    @MethodSource("queries")
    void runPlanWithoutCosts(String sql) throws Exception {
        assertRenderedAsText(TERSE_RUN, sql);
    }

    @Test
    void changedSettingsAreListed() throws Exception {
        Db.execute(conn, "SET enable_hashjoin = off; SET work_mem = '64kB'; SET random_page_cost = 1.5");
        try {
            assertRenderedAsText(PLAN, "SELECT c.name, o.amount FROM customers c JOIN orders o ON o.customer_id = c.id");
            assertRenderedAsText(RUN, "SELECT * FROM orders ORDER BY note");
            assertRenderedAsText(RUN, "SELECT note, count(*) FROM orders GROUP BY note");
        } finally {
            Db.execute(conn, "RESET ALL");
        }
    }

    @Test
    void parallelPlanAndJit() throws Exception {
        Db.execute(conn, "SET max_parallel_workers_per_gather = 2; SET parallel_setup_cost = 0; SET parallel_tuple_cost = 0;"
                + " SET min_parallel_table_scan_size = 0; SET jit_above_cost = 0");
        try {
            assertRenderedAsText(PLAN, "SELECT count(*) FROM orders WHERE amount > 5");
            assertRenderedAsText(PLAN, "SELECT * FROM orders WHERE amount > 5 ORDER BY note");
        } finally {
            Db.execute(conn, "RESET ALL");
        }
    }

    @Test
    void modificationsWithTriggersAndWal() throws Exception {
        conn.setAutoCommit(false);
        try {
            assertRenderedAsText(RUN, "INSERT INTO orders VALUES (100001, 5, 1, 'x')");
            assertRenderedAsText(RUN, "UPDATE orders SET amount = amount + 1 WHERE id < 10");
            assertRenderedAsText(RUN, "DELETE FROM orders WHERE id BETWEEN 20 AND 30 RETURNING id");
            assertRenderedAsText(RUN, "INSERT INTO customers VALUES (1, 'dup', 1) ON CONFLICT (id) DO NOTHING");
        } finally {
            conn.rollback();
            conn.setAutoCommit(true);
        }
    }

    @Test
    void identifiersAreQuotedAsPostgresQuotesThem() throws Exception {
        List<String> names = new ArrayList<>(Db.column(conn, "SELECT word FROM pg_get_keywords()"));
        names.addAll(List.of("orders", "Orders", "order items", "_x1", "1st", "a\"b", "café", "*VALUES*"));
        for (String name : names) {
            try (PreparedStatement st = conn.prepareStatement("SELECT quote_ident(?)")) {
                st.setString(1, name);
                try (ResultSet rs = st.executeQuery()) {
                    rs.next();
                    assertThat(Identifiers.quote(name)).as(name).isEqualTo(rs.getString(1));
                }
            }
        }
    }

    @Test
    void strictModeLeavesNoExactRowCount() throws Exception {
        String sql = "SELECT * FROM orders o JOIN customers c ON c.id = o.customer_id WHERE o.id <= 12345 AND c.region < 7";
        ExplainPlan exact = ExplainPlan.parse(explain(RUN + ", FORMAT JSON", sql).get(0));
        assertThat(TextRenderer.render(exact)).contains("rows=12345");
        ExplainPlan strict = StrictMode.roundRowCounts(exact);
        List<String> exactCounts = exact.nodes().stream()
                .flatMap(n -> Stream.of(n.planRows(), n.actualRows(), n.rowsRemovedByFilter()))
                .filter(count -> count >= 10 && count != StrictMode.oneSignificantFigure(count))
                .map(count -> String.format("%.0f", count)).toList();
        assertThat(exactCounts).isNotEmpty();
        String text = TextRenderer.render(strict);
        PlanSummary summary = PlanSummary.of(strict, 8192);
        for (String count : exactCounts) {
            assertThat(text).doesNotContainPattern("(rows=|Removed by Filter: )" + count + "\\b");
            assertThat(strict.toJson()).doesNotContainPattern("\"(Plan|Actual) Rows\":" + count + "\\b");
        }
        assertThat(summary.rows()).hasValue(StrictMode.oneSignificantFigure(exact.root().actualRows()));
    }

    @Test
    void summaryUsesTheServersBlockSize() throws Exception {
        long blockSize = Long.parseLong(Db.value(conn, "SELECT current_setting('block_size')"));
        ExplainPlan plan = ExplainPlan.parse(explain("ANALYZE, BUFFERS, FORMAT JSON", "SELECT count(*) FROM orders").get(0));
        PlanSummary summary = PlanSummary.of(plan, blockSize);
        long relationBlocks = Long.parseLong(Db.value(conn, "SELECT pg_relation_size('orders') / " + blockSize));
        BufferAmount hit = summary.buffer(BufferKind.SHARED, BufferOperation.HIT);
        BufferAmount read = summary.buffer(BufferKind.SHARED, BufferOperation.READ);
        assertThat(hit.blocks() + read.blocks()).isEqualTo(relationBlocks);
        assertThat(hit.bytes() + read.bytes()).isEqualTo(relationBlocks * blockSize);
        assertThat(summary.executionTime()).isPresent();
        assertThat(summary.totalTime().getAsDouble()).isGreaterThanOrEqualTo(summary.executionTime().getAsDouble());
        assertThat(summary.rows()).hasValue(1);
    }

    /**
     * With timing, and with parallel workers, two runs differ in their numbers; the lines, labels and
     * layout are compared with every number masked.
     */
    @Test
    void timedParallelRunWithJitMatchesInEverythingButNumbers() throws Exception {
        Db.execute(conn, "SET max_parallel_workers_per_gather = 2; SET parallel_setup_cost = 0; SET parallel_tuple_cost = 0;"
                + " SET min_parallel_table_scan_size = 0; SET jit_above_cost = 0; SET work_mem = '128kB'");
        try {
            for (String sql : List.of("SELECT count(*) FROM orders WHERE amount > 5",
                    "SELECT * FROM orders WHERE amount > 5 ORDER BY note",
                    "SELECT customer_id, count(*) FROM orders GROUP BY customer_id",
                    "SELECT c.name, o.amount FROM customers c JOIN orders o ON o.customer_id = c.id WHERE c.region = 3")) {
                String options = "ANALYZE, COSTS, VERBOSE, BUFFERS, SETTINGS, WAL";
                explain(options + ", FORMAT JSON", sql);
                // which workers report on a node varies from run to run (one that starts late may find no
                // work left), so a pair of runs that happened to differ there is run again; a renderer
                // that gets a line wrong differs every time
                List<String> rendered = List.of();
                List<String> text = List.of();
                for (int attempt = 0; attempt < 5 && (attempt == 0 || !rendered.equals(text)); attempt++) {
                    String json = explain(options + ", FORMAT JSON", sql).get(0);
                    rendered = masked(TextRenderer.render(ExplainPlan.parse(json)).lines().toList());
                    text = masked(explain(options + ", FORMAT TEXT", sql));
                }
                assertThat(rendered).as(sql).containsExactlyElementsOf(text);
            }
        } finally {
            Db.execute(conn, "RESET ALL");
        }
    }

    private static List<String> masked(List<String> lines) {
        return lines.stream().map(line -> line.replaceAll("\\d+(\\.\\d+)?", "#")).toList();
    }

    private void assertRenderedAsText(String options, String sql) throws Exception {
        explain(options + ", FORMAT JSON", sql); // the first run fills caches and so reads more buffers
        String json = explain(options + ", FORMAT JSON", sql).get(0);
        List<String> text = explain(options + ", FORMAT TEXT", sql);
        assertThat(TextRenderer.render(ExplainPlan.parse(json)).lines().toList()).as("%s with %s", sql, options)
                .containsExactlyElementsOf(text);
    }

    /** EXPLAIN's rows; a modification is undone (to a savepoint inside a transaction) so that it can run again. */
    private List<String> explain(String options, String sql) throws Exception {
        Savepoint savepoint = conn.getAutoCommit() ? null : conn.setSavepoint();
        try {
            return Db.column(conn, "EXPLAIN (" + options + ") " + sql);
        } finally {
            if (savepoint != null) {
                conn.rollback(savepoint);
            }
        }
    }
}
