package io.dblab.engine.retrieval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.dblab.client.DblabApiException;
import io.dblab.client.model.Clone;
import io.dblab.client.model.Snapshot;
import io.dblab.engine.EngineFixture;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Full refresh into the oldest pool without clones while clones keep running on the other; retention. */
class RefreshRotationTest {
    private static final String PASSWORD = "Rotation-Refresh-3319-plover";
    private static EngineFixture engine;

    @BeforeAll
    static void start() {
        engine = EngineFixture.start(EngineFixture.Setup.logical(16520, 16539).withPools(2).withRetention(2));
    }

    @AfterAll
    static void stop() {
        if (engine != null) {
            engine.close();
        }
    }

    @Test
    void refreshFillsTheFreePoolAndClonesKeepRunning() throws Exception {
        Snapshot first = engine.client().snapshots().get(0);
        assertThat(first.pool()).isEqualTo("pool1");
        Clone old = engine.createClone("rot1", "rita", PASSWORD, false);
        engine.source().psql().run("postgres", "INSERT INTO customers (email, name) VALUES ('fresh@example.com', 'Fresh')");

        engine.client().fullRefresh();
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(300))
                .until(() -> engine.client().snapshots().stream().anyMatch(s -> s.pool().equals("pool2"))
                        && "finished".equals(engine.client().retrieval().status()));
        assertThat(engine.client().snapshots().get(0).pool()).isEqualTo("pool2");
        assertThat(count(old, "SELECT count(*) FROM customers")).isEqualTo(2000);
        Clone fresh = engine.createClone("rot2", "rudy", PASSWORD, false);
        assertThat(fresh.snapshot().pool()).isEqualTo("pool2");
        assertThat(count(fresh, "SELECT count(*) FROM customers")).isEqualTo(2001);

        assertThatThrownBy(() -> engine.client().fullRefresh())
                .isInstanceOfSatisfying(DblabApiException.class, e -> assertThat(e.getMessage()).contains("no pool is free"));
        assertThat(engine.client().retrieval().alerts()).containsKey("refresh_skipped");

        engine.client().destroyClone("rot1");
        engine.awaitGone("rot1");
        engine.client().fullRefresh();
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(300))
                .until(() -> engine.client().snapshots().get(0).pool().equals("pool1")
                        && "finished".equals(engine.client().retrieval().status()));
        assertThat(count(fresh, "SELECT count(*) FROM customers")).isEqualTo(2001);
        engine.client().destroyClone("rot2");
        engine.awaitGone("rot2");
    }

    @Test
    void retentionKeepsTheNewestSnapshotsWithoutClones() {
        Clone pinned = engine.createClone("ret1", "remy", PASSWORD, false);
        String pinnedSnapshot = pinned.snapshot().id();
        String pool = pinned.snapshot().pool();
        for (int i = 0; i < 3; i++) {
            engine.client().createSnapshot(pool);
        }
        List<Snapshot> inPool = engine.client().snapshots().stream().filter(s -> s.pool().equals(pool)).toList();
        assertThat(inPool.stream().filter(s -> s.numClones() == 0)).hasSize(2);
        assertThat(inPool).anyMatch(s -> s.id().equals(pinnedSnapshot));
        assertThat(engine.poolRoot().resolveSibling(pool).resolve("snapshots").toFile().list()).hasSize(inPool.size());
        engine.client().destroyClone("ret1");
        engine.awaitGone("ret1");
    }

    private static long count(Clone clone, String sql) throws SQLException {
        return EngineFixture.queryLong(clone, PASSWORD, sql);
    }
}
