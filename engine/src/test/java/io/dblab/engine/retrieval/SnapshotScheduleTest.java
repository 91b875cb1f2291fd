package io.dblab.engine.retrieval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dblab.engine.EngineFixture;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * retrieval.snapshotSchedule takes snapshots on its own; retention keeps the newest ones. The schedule
 * is {@code @every 10s}, so that the test waits for no minute to begin.
 */
class SnapshotScheduleTest {
    private static EngineFixture engine;

    @BeforeAll
    static void start() {
        engine = EngineFixture.start(EngineFixture.Setup.logical(16570, 16579).physical()
                .withSnapshotSchedule("@every 10s").withRetention(1));
    }

    @AfterAll
    static void stop() {
        if (engine != null) {
            engine.close();
        }
    }

    @Test
    void aScheduledSnapshotReplacesTheOldOneUnderRetention() {
        String first = engine.client().snapshots().get(0).id();
        engine.source().psql().run("postgres", "INSERT INTO customers (email, name) VALUES ('cron@example.com', 'Cron')");
        await().atMost(Duration.ofSeconds(45)).pollInterval(Duration.ofSeconds(1))
                .until(() -> engine.client().snapshots().stream().noneMatch(s -> s.id().equals(first)));
        assertThat(engine.client().snapshots()).hasSize(1);
        assertThat(engine.client().retrieval().status()).isEqualTo("finished");
    }
}
