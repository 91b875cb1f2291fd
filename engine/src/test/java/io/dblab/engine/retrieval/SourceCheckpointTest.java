package io.dblab.engine.retrieval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dblab.client.model.Clone;
import io.dblab.client.model.Snapshot;
import io.dblab.engine.EngineFixture;
import io.dblab.pg.server.ControlData;
import io.dblab.pg.server.PgInstallation;
import java.sql.SQLException;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code retrieval.physical.checkpointSource}: a physical snapshot asks the source for a checkpoint
 * and lets the standby replay it first, so that the standby's restartpoint, where the promoted copy
 * starts its replay, is that checkpoint and not the source's last one of its own.
 */
class SourceCheckpointTest {
    private static final String PASSWORD = "Source-Checkpoint-5521-quokka";
    private static EngineFixture engine;

    @BeforeAll
    static void start() {
        engine = EngineFixture.start(EngineFixture.Setup.logical(16780, 16789).withSourceCheckpoints());
        engine.awaitSync("OK");
    }

    @AfterAll
    static void stop() {
        if (engine != null) {
            engine.close();
        }
    }

    @Test
    void aSnapshotRestartsTheStandbyAtACheckpointItAskedTheSourceFor() throws SQLException {
        // autovacuum off: the source's checkpoint must stay the one the engine asked for until it is compared
        onSource("ALTER SYSTEM SET autovacuum = off; SELECT pg_reload_conf()");
        try {
            onSource("INSERT INTO customers (email, name) SELECT 'cp' || g || '@example.com', 'Cp' FROM generate_series(1, 500) g");
            long requested = Long.parseLong(onSource("SELECT checkpoints_req FROM pg_stat_bgwriter"));
            long before = Long.parseLong(onSource("SELECT checkpoint_lsn - '0/0'::pg_lsn FROM pg_control_checkpoint()"));

            Snapshot snapshot = engine.client().createSnapshot(null);

            long sourceCheckpoint = Long.parseLong(onSource("SELECT checkpoint_lsn - '0/0'::pg_lsn FROM pg_control_checkpoint()"));
            assertThat(sourceCheckpoint).as("the source wrote a new checkpoint").isGreaterThan(before);
            await().atMost(Duration.ofSeconds(10)).until(() ->
                    Long.parseLong(onSource("SELECT checkpoints_req FROM pg_stat_bgwriter")) > requested);
            ControlData standby = ControlData.read(PgInstallation.defaultInstallation(), engine.poolRoot().resolve("data"));
            assertThat(standby.checkpointLsn()).as("the standby's restartpoint").isEqualTo(sourceCheckpoint);

            Clone clone = engine.createClone("cp1", "carla", PASSWORD, false, snapshot.id());
            assertThat(EngineFixture.queryLong(clone, PASSWORD, "SELECT count(*) FROM customers WHERE name = 'Cp'"))
                    .isEqualTo(500);
            engine.client().destroyClone("cp1");
            engine.awaitGone("cp1");
        } finally {
            onSource("ALTER SYSTEM RESET autovacuum; SELECT pg_reload_conf()");
        }
    }

    private static String onSource(String sql) {
        return engine.source().psql().run("postgres", sql).strip();
    }
}
