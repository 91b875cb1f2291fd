package io.dblab.joe.insight;

import static org.assertj.core.api.Assertions.assertThat;

import io.dblab.joe.explain.ExplainRunner;
import io.dblab.joe.plan.ExplainPlan;
import io.dblab.joe.plan.TextRenderer;
import io.dblab.joe.testing.Db;
import io.dblab.testkit.TestPostgres;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Each rule fires on the plan of a real query that has its problem, made with the settings or table
 * state that cause it; no rule fires on an index lookup in a vacuumed, analyzed table.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InsightRulesServerTest {
    TestPostgres pg;
    Connection conn;
    final ExplainRunner runner = new ExplainRunner(Duration.ofMinutes(2));

    @BeforeAll
    void start() throws Exception {
        // autovacuum off: stale statistics and an outdated visibility map stay as the tests leave them
        pg = TestPostgres.start(Map.of("autovacuum", "off", "max_parallel_workers_per_gather", "0"));
        pg.psql().run("postgres", """
                CREATE TABLE events (id int PRIMARY KEY, kind int NOT NULL, status text NOT NULL, payload text NOT NULL);
                INSERT INTO events SELECT g, g % 10, CASE WHEN g % 1000 = 0 THEN 'rare' ELSE 'common' END,
                                          md5(g::text) || md5((g * 7)::text)
                    FROM generate_series(1, 200000) g;
                CREATE INDEX events_kind_idx ON events (kind);
                CREATE TABLE accounts (id int PRIMARY KEY, balance int NOT NULL);
                INSERT INTO accounts SELECT g, g % 500 FROM generate_series(1, 10000) g;
                CREATE TABLE tickets (id int PRIMARY KEY, state text NOT NULL);
                INSERT INTO tickets SELECT g, 'open' FROM generate_series(1, 100000) g;
                VACUUM ANALYZE;
                UPDATE accounts SET balance = balance + 1 WHERE id <= 2000;
                UPDATE tickets SET state = 'closed' WHERE id % 2 = 0;
                """);
        conn = Db.connect(pg, "postgres");
    }

    @AfterAll
    void stop() throws Exception {
        Db.close(conn, pg);
    }

    @AfterEach
    void resetSettings() throws Exception {
        Db.execute(conn, "RESET ALL");
    }

    @Test
    void noRuleFiresOnAnIndexLookup() throws Exception {
        ExplainPlan plan = explain("SELECT * FROM events WHERE id = 4242");
        assertThat(plan.root().nodeType()).isEqualTo("Index Scan");
        assertThat(Insights.of(plan, Thresholds.defaults())).isEmpty();
    }

    @Test
    void seqScanOverManyBuffersAndMuchData() throws Exception {
        List<Insight> insights = insights("SELECT count(*) FROM events WHERE payload LIKE '%zzz%'");
        assertFired(insights, InsightId.SEQ_SCAN_MANY_BUFFERS, "Seq Scan on public.events");
        assertFired(insights, InsightId.MUCH_DATA_READ, "Seq Scan on public.events");
    }

    @Test
    void manyRowsWithoutLimit() throws Exception {
        assertFired(insights("SELECT id FROM events WHERE kind = 3"), InsightId.MANY_ROWS_WITHOUT_LIMIT, "");
        assertThat(insights("SELECT id FROM events WHERE kind = 3 LIMIT 20000")).extracting(Insight::id)
                .doesNotContain(InsightId.MANY_ROWS_WITHOUT_LIMIT);
    }

    @Test
    void sortSpilledAndTempBuffersWritten() throws Exception {
        Db.execute(conn, "SET work_mem = '64kB'");
        List<Insight> insights = insights("SELECT * FROM events ORDER BY payload");
        assertFired(insights, InsightId.SPILLED_TO_DISK, "Sort");
        assertFired(insights, InsightId.TEMP_BUFFERS_WRITTEN, "Sort");
    }

    @Test
    void hashAndHashAggregateSpilled() throws Exception {
        Db.execute(conn, "SET work_mem = '64kB'; SET enable_mergejoin = off; SET enable_sort = off");
        assertFired(insights("SELECT count(*) FROM events a JOIN events b ON a.id = b.id"), InsightId.SPILLED_TO_DISK, "Hash");
        assertFired(insights("SELECT payload, count(*) FROM events GROUP BY payload"), InsightId.SPILLED_TO_DISK,
                "HashAggregate");
    }

    @Test
    void indexScanRemovingRowsByFilter() throws Exception {
        Db.execute(conn, "SET enable_bitmapscan = off; SET enable_seqscan = off");
        assertFired(insights("SELECT * FROM events WHERE kind = 3 AND status = 'rare'"),
                InsightId.INDEX_SCAN_ROWS_REMOVED_BY_FILTER, "Index Scan using events_kind_idx on public.events");
    }

    @Test
    void heapFetchesOfAnIndexOnlyScanOnATableUpdatedSinceVacuum() throws Exception {
        Db.execute(conn, "SET enable_bitmapscan = off; SET enable_seqscan = off");
        assertFired(insights("SELECT id FROM accounts WHERE id <= 3000"), InsightId.INDEX_ONLY_SCAN_HEAP_FETCHES,
                "Index Only Scan using accounts_pkey on public.accounts");
    }

    @Test
    void rowEstimateOffOnStaleStatistics() throws Exception {
        assertFired(insights("SELECT count(*) FROM tickets WHERE state = 'closed'"), InsightId.ROW_ESTIMATE_OFF,
                "Seq Scan on public.tickets");
    }

    @Test
    void lossyBitmapBlocks() throws Exception {
        Db.execute(conn, "SET work_mem = '64kB'; SET enable_seqscan = off; SET enable_indexscan = off");
        assertFired(insights("SELECT count(*) FROM events WHERE id < 150000"), InsightId.LOSSY_BITMAP_BLOCKS,
                "Bitmap Heap Scan on public.events");
    }

    @Test
    void nestedLoopWithManyLoops() throws Exception {
        Db.execute(conn, "SET enable_hashjoin = off; SET enable_mergejoin = off");
        assertFired(insights("SELECT count(*) FROM accounts a JOIN events e ON e.id = a.id"),
                InsightId.NESTED_LOOP_MANY_LOOPS, "Nested Loop");
    }

    @Test
    void fewerParallelWorkersThanPlanned() throws Exception {
        Db.execute(conn, "SET max_parallel_workers_per_gather = 2; SET parallel_setup_cost = 0; SET parallel_tuple_cost = 0;"
                + " SET min_parallel_table_scan_size = 0; SET max_parallel_workers = 0");
        assertFired(insights("SELECT count(*) FROM events"), InsightId.PARALLEL_WORKERS_NOT_LAUNCHED, "Gather");
    }

    @Test
    void jitTakingMostOfTheTime() throws Exception {
        Db.execute(conn, "SET jit = on; SET jit_above_cost = 0; SET jit_inline_above_cost = 0; SET jit_optimize_above_cost = 0");
        ExplainPlan plan = explain("SELECT count(*) FROM accounts WHERE balance > 5");
        assertThat(plan.jitTime()).as("this server compiles with LLVM").isPresent();
        assertFired(Insights.of(plan, Thresholds.defaults()), InsightId.JIT_LARGE_SHARE, "Aggregate");
    }

    private ExplainPlan explain(String sql) throws Exception {
        return runner.explain(conn, sql).plan();
    }

    private List<Insight> insights(String sql) throws Exception {
        ExplainPlan plan = explain(sql);
        List<Insight> insights = Insights.of(plan, Thresholds.defaults());
        assertThat(insights).as("plan:%n%s", TextRenderer.render(plan)).isNotEmpty();
        return insights;
    }

    private static void assertFired(List<Insight> insights, InsightId id, String nodeStart) {
        assertThat(insights).as("%s in %s", id, insights)
                .anySatisfy(insight -> {
                    assertThat(insight.id()).isEqualTo(id);
                    assertThat(insight.node()).startsWith(nodeStart);
                    assertThat(insight.finding()).contains(insight.node());
                    assertThat(insight.explanation()).isNotBlank();
                    assertThat(insight.fix()).isNotBlank();
                });
    }
}
