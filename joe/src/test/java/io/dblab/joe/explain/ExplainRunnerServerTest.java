package io.dblab.joe.explain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dblab.joe.plan.PlanSummary;
import io.dblab.joe.plan.TextRenderer;
import io.dblab.joe.redact.RedactedSqlException;
import io.dblab.joe.testing.Db;
import io.dblab.testkit.TestPostgres;
import java.sql.Connection;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** explain and plan on a real server, as an ordinary role. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExplainRunnerServerTest {
    static final String SECRET = "Pk4-RUNNER-SECRET-8080";

    TestPostgres pg;
    Connection conn;
    final ExplainRunner runner = new ExplainRunner(Duration.ofSeconds(30));

    @BeforeAll
    void start() throws Exception {
        pg = TestPostgres.start(Map.of());
        pg.psql().run("postgres", "CREATE ROLE app LOGIN PASSWORD 'app-password'; CREATE DATABASE shop OWNER app;");
        pg.psql().run("shop", """
                SET ROLE app;
                CREATE TABLE items (id int PRIMARY KEY, secret text);
                INSERT INTO items SELECT g, 'Pk4-RUNNER-SECRET-8080' FROM generate_series(1, 1000) g;
                CREATE FUNCTION noisy() RETURNS int LANGUAGE plpgsql AS $$
                  BEGIN RAISE NOTICE 'noisy %', (SELECT secret FROM items LIMIT 1); RETURN 1; END $$;
                VACUUM ANALYZE items;
                """);
        conn = Db.connect(pg, "shop", "app", "app-password");
    }

    @AfterAll
    void stop() throws Exception {
        Db.close(conn, pg);
    }

    @Test
    void explainRunsTheStatementAndMeasuresIt() throws Exception {
        ExplainResult result = runner.explain(conn, "SELECT * FROM items WHERE id < 100;");
        assertThat(result.plan().analyzed()).isTrue();
        assertThat(result.plan().root().actualRows()).isEqualTo(99);
        assertThat(result.plan().executionTime()).isPresent();
        assertThat(result.plan().root().buffers().sharedHitAndRead()).isPositive();
        PlanSummary summary = PlanSummary.of(result.plan(), BlockSize.of(conn));
        assertThat(summary.blockSize()).isEqualTo(8192);
        assertThat(TextRenderer.render(result.plan())).startsWith("Index Scan using items_pkey on public.items");
        assertThat(result.plan().toJson() + TextRenderer.render(result.plan())).doesNotContain(SECRET);
    }

    @Test
    void whatTheStatementChangesIsRolledBack() throws Exception {
        runner.explain(conn, "INSERT INTO items VALUES (5000, 'new')");
        runner.explain(conn, "UPDATE items SET secret = 'changed' WHERE id = 1");
        runner.explain(conn, "DELETE FROM items WHERE id > 500");
        assertThat(Db.value(conn, "SELECT count(*) || ' ' || count(*) FILTER (WHERE secret = 'changed') FROM items"))
                .isEqualTo("1000 0");
        assertThat(conn.getAutoCommit()).isTrue();
    }

    @Test
    void planDoesNotRunTheStatement() throws Exception {
        long started = System.nanoTime();
        ExplainResult result = runner.plan(conn, "SELECT pg_sleep(20), * FROM items");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
        assertThat(result.plan().analyzed()).isFalse();
        assertThat(result.plan().root().planRows()).isEqualTo(1000);
    }

    @Test
    void theStatementTimeoutEndsALongStatementAndLeavesTheConnectionUsable() throws Exception {
        ExplainRunner quick = new ExplainRunner(Duration.ofMillis(300));
        long started = System.nanoTime();
        assertThatThrownBy(() -> quick.explain(conn, "SELECT pg_sleep(20)"))
                .isInstanceOfSatisfying(RedactedSqlException.class, e -> {
                    assertThat(e.error().sqlState()).isEqualTo("57014");
                    assertThat(e.error().message()).isEqualTo("canceling statement due to statement timeout");
                });
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
        assertThat(Db.value(conn, "SHOW statement_timeout")).as("only the transaction had it").isEqualTo("0");
        assertThat(runner.explain(conn, "SELECT 1").plan().analyzed()).isTrue();
    }

    @Test
    void exactlyOneStatementRuns() throws Exception {
        assertThatThrownBy(() -> runner.explain(conn, "SELECT 1; DELETE FROM items"))
                .isInstanceOfSatisfying(RedactedSqlException.class, e -> assertThat(e.error().sqlState()).isEqualTo("42601"));
        assertThatThrownBy(() -> runner.plan(conn, " -- nothing\n;")).isInstanceOf(RedactedSqlException.class);
        assertThat(Db.value(conn, "SELECT count(*) FROM items")).isEqualTo("1000");
        assertThat(runner.plan(conn, "SELECT ';' AS x, $$;$$ AS y -- ;").plan().root().nodeType()).isEqualTo("Result");
    }

    @Test
    void errorsAndNoticesComeBackRedacted() throws Exception {
        assertThatThrownBy(() -> runner.explain(conn, "SELECT secret::int FROM items"))
                .isInstanceOfSatisfying(RedactedSqlException.class, e -> {
                    assertThat(e.error().message()).isEqualTo("invalid input syntax for type integer: \"[redacted]\"");
                    assertThat(e.getMessage()).doesNotContain(SECRET);
                    assertThat(e.getCause()).isNull();
                });
        ExplainResult noisy = runner.explain(conn, "SELECT noisy() FROM items WHERE id <= 3");
        assertThat(noisy.notices().suppressed()).isEqualTo(3);
        assertThat(noisy.notices().kept()).isEmpty();
        assertThat(conn.getAutoCommit()).isTrue();
    }

    @Test
    void aConnectionInsideATransactionIsRefused() throws Exception {
        conn.setAutoCommit(false);
        try {
            assertThatThrownBy(() -> runner.explain(conn, "SELECT 1")).isInstanceOf(IllegalStateException.class);
        } finally {
            conn.rollback();
            conn.setAutoCommit(true);
        }
    }
}
