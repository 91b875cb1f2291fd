package io.dblab.checkup.checks.workload;

import io.dblab.checkup.checks.common.Values;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Groups of the entries that ran in an interval ({@link StatementStats#delta}) and their figures,
 * for K002 (by statement type) and K003 (by database, user and query text).
 */
final class StatementGroups {
    /** The group with the most execution time first. */
    static final Comparator<Map<String, Object>> MOST_TIME_FIRST =
            Comparator.comparingDouble((Map<String, Object> r) -> Values.numberOrZero(r.get("total_exec_time_ms")))
                    .reversed();

    private StatementGroups() {}

    /** The entries grouped by {@code key}, in the order the keys first appear. */
    static <K> Map<K, List<Map<String, Object>>> by(List<Map<String, Object>> entries,
                                                     Function<Map<String, Object>, K> key) {
        Map<K, List<Map<String, Object>>> groups = new LinkedHashMap<>();
        for (Map<String, Object> e : entries) {
            groups.computeIfAbsent(key.apply(e), k -> new ArrayList<>()).add(e);
        }
        return groups;
    }

    /**
     * Puts a group's calls (in all and per second) and execution time (in all, as a share of
     * {@code totalTime}, and per call) into its row.
     */
    static void putCallsAndTime(Map<String, Object> row, Map<String, Double> sums, double totalTime, double seconds) {
        double calls = sums.getOrDefault("calls", 0.0);
        double time = sums.getOrDefault("total_exec_time_ms", 0.0);
        row.put("calls", (long) calls);
        row.put("calls_per_second", Values.round(calls / seconds, 3));
        row.put("total_exec_time_ms", Values.round(time, 3));
        row.put("time_pct", totalTime > 0 ? Values.round(100 * time / totalTime, 2) : 0.0);
        row.put("mean_time_ms", calls > 0 ? Values.round(time / calls, 3) : 0.0);
    }

    /** Puts the counters the row does not have yet. */
    static void putOtherCounters(Map<String, Object> row, Map<String, Double> sums) {
        for (StatementStats.Counter c : StatementStats.COUNTERS) {
            if (!row.containsKey(c.name()) && sums.containsKey(c.name())) {
                row.put(c.name(), Values.round(sums.get(c.name()), 3));
            }
        }
    }

    /** Shared buffer hits as a percentage of all shared block accesses; null when there were none. */
    static Double cacheHitPct(Map<String, Double> sums) {
        double hit = sums.getOrDefault("shared_blks_hit", 0.0);
        double read = sums.getOrDefault("shared_blks_read", 0.0);
        return hit + read > 0 ? Values.round(100 * hit / (hit + read), 2) : null;
    }
}
