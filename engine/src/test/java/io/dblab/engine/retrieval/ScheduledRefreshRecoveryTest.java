package io.dblab.engine.retrieval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dblab.client.model.InstanceStatus;
import io.dblab.client.model.Progress;
import io.dblab.client.model.Retrieval;
import io.dblab.engine.EngineFixture;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Scheduled refreshes that fail for a real cause (the source stops in the middle of one, the pool
 * fills up) raise {@code refresh_failed} in {@code /status} and {@code /instance/retrieval}; the
 * timetable keeps going, and once the cause is gone the next scheduled refresh succeeds and the
 * alert is gone. The timetable is {@code @every 5s}, so that no test waits long for the next firing.
 */
class ScheduledRefreshRecoveryTest {
    private static final String ALERT = "refresh_failed";
    private static final long MIB = 1024L * 1024;
    private static EngineFixture engine;

    @BeforeAll
    static void start() {
        // rows enough for the copy phase to last a moment, so that the source can stop during it
        engine = EngineFixture.start(EngineFixture.Setup.logical(18300, 18309)
                        .withRefreshTimetable("@every 5s").withRetention(2),
                "CREATE TABLE bulk AS SELECT g AS id, md5(g::text) AS v FROM generate_series(1, 300000) g", null);
    }

    @AfterAll
    static void stop() {
        if (engine != null) {
            engine.close();
        }
    }

    @Test
    void theSourceStoppingMidRefreshIsAlertedAndTheNextScheduledRefreshClearsIt() {
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(50)).until(() -> {
            Progress progress = engine.client().retrieval().progress();
            return progress != null && "copy".equals(progress.phase());
        });
        engine.source().server().stop("immediate");
        Instant stopped = Instant.now();
        try {
            await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(200))
                    .until(() -> raisedSince(ALERT, stopped));
            assertThat(engine.client().retrieval().alerts().get(ALERT).message()).contains("Logical retrieval failed");
            assertShownInStatus(ALERT);
        } finally {
            engine.source().server().start("127.0.0.1", Map.of(), Duration.ofSeconds(60));
        }
        Instant restarted = Instant.now();

        awaitRecoveredSince(restarted);
    }

    @Test
    void aFullPoolIsAlertedAndTheNextScheduledRefreshAfterFreeingItClearsIt() {
        List<Path> fillers = engine.fillPoolLeavingLessThan(8 * MIB);
        Instant filled = Instant.now();
        try {
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200))
                    .until(() -> raisedSince(ALERT, filled));
            assertShownInStatus(ALERT);
        } finally {
            engine.removeFillers(fillers);
        }
        Instant freed = Instant.now();

        awaitRecoveredSince(freed);
    }

    /** A scheduled refresh has succeeded since {@code when}: a snapshot made after it, and no alert. */
    private static void awaitRecoveredSince(Instant when) {
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200))
                .until(() -> engine.client().snapshots().stream().anyMatch(s -> Instant.parse(s.createdAt()).isAfter(when))
                        && !engine.client().retrieval().alerts().containsKey(ALERT));
        InstanceStatus status = engine.client().status();
        assertThat(status.retrieving().alerts()).doesNotContainKey(ALERT);
    }

    private static boolean raisedSince(String type, Instant when) {
        Retrieval.Alert alert = engine.client().retrieval().alerts().get(type);
        return alert != null && Instant.parse(alert.lastSeen()).isAfter(when);
    }

    private static void assertShownInStatus(String type) {
        InstanceStatus status = engine.client().status();
        assertThat(status.retrieving().alerts()).containsKey(type);
        assertThat(status.status().code()).isEqualTo("WARNING");
    }
}
