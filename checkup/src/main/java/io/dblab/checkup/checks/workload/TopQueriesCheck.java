package io.dblab.checkup.checks.workload;

import io.dblab.checkup.api.CheckContext;
import io.dblab.checkup.api.Finding;
import io.dblab.checkup.api.HostData;
import io.dblab.checkup.api.Priority;
import io.dblab.checkup.checks.common.PerHost;
import io.dblab.checkup.checks.common.Values;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * K003 — top queries by total execution time: the differences between two
 * {@code pg_stat_statements} samples (see {@link StatementStats}) grouped by database, user and
 * normalized query text (so that utility statements that differ only in their literals, which
 * PostgreSQL before 16 keeps apart, form one group), the 50 groups with the most time, each with
 * its calls, time (total, mean, share of all), rows, cache hit ratio, temporary blocks and how
 * many {@code queryid}s it merges. Texts are normalized: no literal is kept.
 *
 * <p>P1 when one group takes more than 50% of all execution time in the interval, P2 above 30%
 * ({@code k003.p1_percent}, {@code k003.p2_percent}); only when the interval saw at least one second
 * of execution time ({@code k003.min_total_ms}), since a share of almost nothing means nothing.
 */
public final class TopQueriesCheck extends WorkloadCheck {
    static final int TOP = 50;

    public TopQueriesCheck() {
        super(true);
    }

    @Override
    public String id() {
        return "K003";
    }

    @Override
    public String title() {
        return "Top queries by total time";
    }

    @Override
    void summarize(List<Map<String, Object>> ran, double seconds, Map<String, Object> data) {
        double totalTime = StatementStats.sums(ran).getOrDefault("total_exec_time_ms", 0.0);
        List<Map<String, Object>> queries = new ArrayList<>();
        StatementGroups.by(ran, e -> List.of(Values.text(e.get("database")), Values.text(e.get("user")),
                Values.text(e.get("query")))).forEach((key, entries) -> {
            Map<String, Double> sums = StatementStats.sums(entries);
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("database", key.get(0));
            row.put("user", key.get(1));
            row.put("query", key.get(2));
            StatementGroups.putCallsAndTime(row, sums, totalTime, seconds);
            row.put("rows", (long) sums.getOrDefault("rows", 0.0).doubleValue());
            row.put("cache_hit_pct", StatementGroups.cacheHitPct(sums));
            StatementGroups.putOtherCounters(row, sums);
            row.put("queryids", entries.size());
            queries.add(row);
        });
        queries.sort(StatementGroups.MOST_TIME_FIRST);
        List<Map<String, Object>> top = new ArrayList<>();
        for (int i = 0; i < Math.min(TOP, queries.size()); i++) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("rank", i + 1);
            row.putAll(queries.get(i));
            top.add(row);
        }
        data.put("total_exec_time_ms", Values.round(totalTime, 3));
        data.put("query_groups", queries.size());
        data.put("queries", top);
    }

    @Override
    public List<Finding> conclude(Map<String, HostData> byHost, CheckContext context) {
        double p1 = context.option("k003.p1_percent", 50);
        double p2 = context.option("k003.p2_percent", 30);
        double minTotal = context.option("k003.min_total_ms", 1000);
        return PerHost.findings(byHost, (prefix, data, findings) -> {
            double total = Values.numberOrZero(data.get("total_exec_time_ms"));
            if (total < minTotal || !(data.get("queries") instanceof List<?> rows)) {
                return;
            }
            for (Object o : rows) {
                if (!(o instanceof Map<?, ?> r)) {
                    continue;
                }
                double pct = Values.numberOrZero(r.get("time_pct"));
                Priority p = pct > p1 ? Priority.P1 : pct > p2 ? Priority.P2 : null;
                if (p == null) {
                    break; // sorted by time: the rest have less
                }
                String query = Values.text(r.get("query"));
                findings.add(Finding.of(p, prefix + String.format(Locale.ROOT,
                                "One query group takes %.1f%% of all execution time (%.1f s of %.1f s; %s calls, "
                                        + "%.2f ms each) in database %s, user %s: %s", pct,
                                Values.numberOrZero(r.get("total_exec_time_ms")) / 1000, total / 1000,
                                Values.count(Values.numberOrZero(r.get("calls"))), Values.numberOrZero(r.get("mean_time_ms")),
                                r.get("database"), r.get("user"),
                                query.length() > 500 ? query.substring(0, 500) + " …" : query),
                        "Optimize this query first (EXPLAIN (ANALYZE, BUFFERS) on a clone): it dominates the "
                                + "server's time; if it is called very often, look at caching or batching in the "
                                + "application."));
            }
        });
    }
}
