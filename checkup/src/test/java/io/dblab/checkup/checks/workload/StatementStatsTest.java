package io.dblab.checkup.checks.workload;

import static org.assertj.core.api.Assertions.assertThat;

import io.dblab.checkup.api.HostData;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The differences between two samples, on made-up samples. */
class StatementStatsTest {

    static Map<String, Object> entry(String id, double calls, double time) {
        return Map.of("entry", id, "database", "d", "user", "u", "type", "SELECT", "query", "q" + id,
                "calls", calls, "total_exec_time_ms", time);
    }

    @Test
    void newEvictedAndIdleEntries() {
        HostData first = HostData.of(Map.of("dealloc", 3L, "stats_reset", "t0", "entries", List.of(
                entry("ran", 10, 100), entry("idle", 5, 50), entry("evicted", 100, 1000))));
        HostData second = HostData.of(Map.of("dealloc", 5L, "stats_reset", "t0", "own_entries_left_out", 2, "entries", List.of(
                entry("ran", 15, 160), entry("idle", 5, 50), entry("evicted", 4, 40), entry("new", 1, 7))));
        List<Map<String, Object>> delta = StatementStats.delta(first, second);
        assertThat(delta).extracting(d -> d.get("query")).containsExactly("qran", "qevicted", "qnew");
        assertThat(delta.get(0)).containsEntry("calls", 5.0).containsEntry("total_exec_time_ms", 60.0);
        assertThat(delta.get(1)).containsEntry("calls", 4.0);
        assertThat(StatementStats.sums(delta)).containsEntry("calls", 10.0).containsEntry("total_exec_time_ms", 107.0);
        Map<String, Object> info = StatementStats.intervalInfo(first, second, Duration.ofMillis(2500));
        assertThat(info).containsEntry("interval_seconds", 2.5).containsEntry("entries_evicted_during_interval", 2L)
                .containsEntry("reset_during_interval", false).containsEntry("own_entries_left_out", 2L);
    }
}
