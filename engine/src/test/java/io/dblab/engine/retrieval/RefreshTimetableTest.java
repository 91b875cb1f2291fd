package io.dblab.engine.retrieval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dblab.client.model.Clone;
import io.dblab.client.model.Retrieval;
import io.dblab.client.model.Snapshot;
import io.dblab.engine.EngineFixture;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code retrieval.refresh.timetable} runs full refreshes with no API call: into the free pool while
 * clones keep running on the other, and not at all, with the {@code refresh_skipped} alert, once every
 * pool holds clones. The timetable is {@code @every 12s}, so that no test waits for minutes to begin;
 * its firings keep to the times of the first, so the gap must also leave the test time to take a
 * freshly refreshed pool (a refresh takes up to some 5 s on a loaded machine) before the next firing does;
 * cron expressions' minute boundaries are {@code CronScheduleTest}'s.
 */
class RefreshTimetableTest {
    private static final String PASSWORD = "Timetable-Refresh-5127-gannet";
    private static final Duration EVERY = Duration.ofSeconds(12);
    private static EngineFixture engine;

    @BeforeAll
    static void start() {
        engine = EngineFixture.start(EngineFixture.Setup.logical(16660, 16669).withPools(2)
                .withRefreshTimetable("@every " + EVERY.toSeconds() + "s"));
    }

    @AfterAll
    static void stop() {
        if (engine != null) {
            engine.close();
        }
    }

    @Test
    void theTimetableRefreshesTheFreePoolAndSkipsWhenNoPoolIsFree() throws Exception {
        // the oldest: when the first retrieval outlasts a minute's start, the timetable has refreshed pool2 already
        List<Snapshot> initial = engine.client().snapshots();
        Snapshot first = initial.get(initial.size() - 1);
        assertThat(first.pool()).isEqualTo("pool1");
        Instant nextRefresh = Instant.parse(engine.client().retrieval().nextRefresh());
        assertThat(nextRefresh).isBetween(Instant.now().minus(EVERY), Instant.now().plus(EVERY));
        // pool1 is busy from now on, so the timetable can only refresh pool2
        Clone old = engine.createClone("tt1", "tina", PASSWORD, false, first.id());
        Instant inserted = Instant.now();
        engine.source().psql().run("postgres", "INSERT INTO customers (email, name) VALUES ('cron@example.com', 'Cron')");

        // The timetable fires every 12 s; no refresh is asked for. A firing that was due during the
        // first retrieval runs right after it and may dump before the insert: then the next firing
        // refreshes pool2 again.
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(100))
                .until(() -> engine.client().snapshots().stream().anyMatch(s -> s.pool().equals("pool2")
                        && Instant.parse(s.dataStateAt()).isAfter(inserted))
                        && "finished".equals(engine.client().retrieval().status()));
        // made busy at once, before the timetable could take pool2 again
        Clone fresh = engine.createClone("tt2", "toby", PASSWORD, false);
        assertThat(fresh.snapshot().pool()).isEqualTo("pool2");
        assertThat(EngineFixture.queryLong(fresh, PASSWORD, "SELECT count(*) FROM customers")).isEqualTo(2001);
        assertThat(EngineFixture.queryLong(old, PASSWORD, "SELECT count(*) FROM customers")).isEqualTo(2000);
        assertThat(engine.client().retrieval().alerts()).doesNotContainKey("refresh_skipped");
        List<String> before = engine.client().snapshots().stream().map(Snapshot::id).toList();

        await().atMost(Duration.ofSeconds(45)).pollInterval(Duration.ofMillis(200))
                .until(() -> engine.client().retrieval().alerts().containsKey("refresh_skipped"));
        Retrieval.Alert skipped = engine.client().retrieval().alerts().get("refresh_skipped");
        assertThat(skipped.level()).isEqualTo("warning");
        assertThat(skipped.message()).contains("refresh skipped").contains("every pool has clones");
        assertThat(engine.client().retrieval().status()).isEqualTo("finished");
        assertThat(engine.client().snapshots()).extracting(Snapshot::id).containsExactlyElementsOf(before);
        assertThat(EngineFixture.queryLong(old, PASSWORD, "SELECT count(*) FROM customers")).isEqualTo(2000);
        assertThat(EngineFixture.queryLong(fresh, PASSWORD, "SELECT count(*) FROM customers")).isEqualTo(2001);
    }
}
