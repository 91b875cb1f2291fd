package io.dblab.engine.retrieval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dblab.client.model.Clone;
import io.dblab.engine.EngineFixture;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Logical retrieval from a hot standby, as users point it at a replica to spare the primary: the
 * copy's exported snapshot, its locks, the COPYs in that snapshot and pg_dump all run on a server
 * in recovery.
 */
class LogicalFromStandbyTest {
    private static final String PASSWORD = "From-Standby-6021-xyzzy";

    @Test
    void aRefreshFromAStandbyCopiesWhatItHasReplayed() throws Exception {
        try (EngineFixture engine = EngineFixture.start(EngineFixture.Setup.logical(16800, 16809).fromStandby())) {
            assertThat(engine.standby().psql().run("postgres", "SELECT pg_is_in_recovery()").strip()).isEqualTo("t");
            Clone first = engine.createClone("stby1", "sten", PASSWORD, false);
            assertThat(EngineFixture.queryLong(first, PASSWORD, "SELECT count(*) FROM customers")).isEqualTo(2000);
            engine.client().destroyClone("stby1");
            engine.awaitGone("stby1");

            engine.source().psql().run("postgres", """
                    INSERT INTO customers (email, name) SELECT 'replayed' || g || '@example.com', 'Replayed'
                    FROM generate_series(1, 500) g""");
            await().atMost(Duration.ofSeconds(30)).until(() -> engine.standby().psql()
                    .run("postgres", "SELECT count(*) FROM customers").strip().equals("2500"));
            String lastRefresh = engine.client().retrieval().lastRefresh();
            engine.client().fullRefresh();
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200)).until(() ->
                    "finished".equals(engine.client().retrieval().status())
                            && !lastRefresh.equals(engine.client().retrieval().lastRefresh()));

            Clone second = engine.createClone("stby2", "stella", PASSWORD, false);
            assertThat(EngineFixture.queryLong(second, PASSWORD, "SELECT count(*) FROM customers")).isEqualTo(2500);
            // The sequence value comes from the standby too, so the next row does not collide. A standby
            // has the value the primary WAL-logged, which runs up to 32 ahead (as pg_dump of a standby sees it).
            assertThat(EngineFixture.queryLong(second, PASSWORD,
                    "INSERT INTO customers (email, name) VALUES ('new@example.com', 'New') RETURNING id")).isBetween(2501L, 2533L);
            engine.client().destroyClone("stby2");
            engine.awaitGone("stby2");
        }
    }
}
