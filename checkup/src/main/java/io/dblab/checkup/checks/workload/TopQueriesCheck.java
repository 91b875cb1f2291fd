package io.dblab.checkup.checks.workload;

import io.dblab.checkup.api.CheckContext;
import io.dblab.checkup.api.Finding;
import io.dblab.checkup.api.HostConnection;
import io.dblab.checkup.api.HostData;
import io.dblab.checkup.api.Priority;
import io.dblab.checkup.api.SampledCheck;
import io.dblab.checkup.checks.common.PerHost;
import io.dblab.checkup.checks.common.Values;
import java.sql.SQLException;
import java.time.Duration;
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
public final class TopQueriesCheck implements SampledCheck {
    static final int TOP = 50;

    @Override
    public String id() {
        return "K003";
    }

    @Override
    public String title() {
        return "Top queries by total time";
    }

    @Override
    public HostData sample(HostConnection host) throws SQLException {
        return StatementStats.sample(host, true);
    }

    @Override
    public HostData combine(HostConnection host, HostData first, HostData second, Duration elapsed) {
        List<Map<String, Object>> delta = StatementStats.delta(first, second);
        Map<String, Object> data = StatementStats.intervalInfo(first, second, elapsed);
        double seconds = Math.max(0.001, elapsed.toMillis() / 1000.0);
        Map<List<Object>, List<Map<String, Object>>> groups = new LinkedHashMap<>();
        for (Map<String, Object> d : delta) {
            groups.computeIfAbsent(List.of(Values.text(d.get("database")), Values.text(d.get("user")),
                    Values.text(d.get("query"))), k -> new ArrayList<>()).add(d);
        }
        double totalTime = StatementStats.sums(delta).getOrDefault("total_exec_time_ms", 0.0);
        List<Map<String, Object>> queries = new ArrayList<>();
        for (Map.Entry<List<Object>, List<Map<String, Object>>> g : groups.entrySet()) {
            Map<String, Double> sums = StatementStats.sums(g.getValue());
            double calls = sums.getOrDefault("calls", 0.0);
            double time = sums.getOrDefault("total_exec_time_ms", 0.0);
            double hit = sums.getOrDefault("shared_blks_hit", 0.0);
            double read = sums.getOrDefault("shared_blks_read", 0.0);
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("database", g.getKey().get(0));
            row.put("user", g.getKey().get(1));
            row.put("query", g.getKey().get(2));
            row.put("calls", (long) calls);
            row.put("calls_per_second", Values.round(calls / seconds, 3));
            row.put("total_exec_time_ms", Values.round(time, 3));
            row.put("time_pct", totalTime > 0 ? Values.round(100 * time / totalTime, 2) : 0.0);
            row.put("mean_time_ms", calls > 0 ? Values.round(time / calls, 3) : 0.0);
            row.put("rows", (long) sums.getOrDefault("rows", 0.0).doubleValue());
            row.put("cache_hit_pct", hit + read > 0 ? Values.round(100 * hit / (hit + read), 2) : null);
            for (StatementStats.Counter c : StatementStats.COUNTERS) {
                if (!row.containsKey(c.name()) && sums.containsKey(c.name())) {
                    row.put(c.name(), Values.round(sums.get(c.name()), 3));
                }
            }
            row.put("queryids", g.getValue().size());
            queries.add(row);
        }
        queries.sort((a, b) -> Double.compare(Values.numberOrZero(b.get("total_exec_time_ms")), Values.numberOrZero(a.get("total_exec_time_ms"))));
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
        return HostData.of(data);
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
