package io.dblab.engine.retrieval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dblab.engine.EngineFixture;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** retrieval.snapshotSchedule takes snapshots on its own; retention keeps the newest ones. */
class SnapshotScheduleTest {
    private static EngineFixture engine;

    @BeforeAll
    static void start() {
        engine = EngineFixture.start(EngineFixture.Setup.logical(16570, 16579).physical()
                .withSnapshotSchedule("* * * * *").withRetention(1));
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
        // the schedule fires at the start of every minute
        await().atMost(Duration.ofSeconds(75)).pollInterval(Duration.ofSeconds(1))
                .until(() -> engine.client().snapshots().stream().noneMatch(s -> s.id().equals(first)));
        assertThat(engine.client().snapshots()).hasSize(1);
        assertThat(engine.client().retrieval().status()).isEqualTo("finished");
    }
}
