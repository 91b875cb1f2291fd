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
 * K002 — workload by statement type: the differences between two {@code pg_stat_statements}
 * samples (see {@link StatementStats}) grouped by the statement's first keyword ({@code SELECT},
 * {@code INSERT}, {@code UPDATE}, {@code DELETE}, {@code WITH}, {@code COPY}, {@code SET} …, read
 * from the normalized text), each with its calls, time, rows and blocks, per second and as a share
 * of all execution time. INFO only.
 */
public final class WorkloadByTypeCheck implements SampledCheck {

    @Override
    public String id() {
        return "K002";
    }

    @Override
    public String title() {
        return "Workload by statement type";
    }

    @Override
    public HostData sample(HostConnection host) throws SQLException {
        return StatementStats.sample(host, false);
    }

    @Override
    public HostData combine(HostConnection host, HostData first, HostData second, Duration elapsed) {
        List<Map<String, Object>> delta = StatementStats.delta(first, second);
        Map<String, Object> data = StatementStats.intervalInfo(first, second, elapsed);
        double seconds = Math.max(0.001, elapsed.toMillis() / 1000.0);
        Map<String, List<Map<String, Object>>> groups = new LinkedHashMap<>();
        for (Map<String, Object> d : delta) {
            groups.computeIfAbsent(Values.text(d.get("type")), t -> new ArrayList<>()).add(d);
        }
        double totalTime = StatementStats.sums(delta).getOrDefault("total_exec_time_ms", 0.0);
        List<Map<String, Object>> types = new ArrayList<>();
        for (Map.Entry<String, List<Map<String, Object>>> g : groups.entrySet()) {
            Map<String, Double> sums = StatementStats.sums(g.getValue());
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("type", g.getKey());
            double calls = sums.getOrDefault("calls", 0.0);
            double time = sums.getOrDefault("total_exec_time_ms", 0.0);
            row.put("calls", (long) calls);
            row.put("calls_per_second", Values.round(calls / seconds, 3));
            row.put("total_exec_time_ms", Values.round(time, 3));
            row.put("time_pct", totalTime > 0 ? Values.round(100 * time / totalTime, 2) : 0.0);
            row.put("mean_time_ms", calls > 0 ? Values.round(time / calls, 3) : 0.0);
            for (StatementStats.Counter c : StatementStats.COUNTERS) {
                if (!row.containsKey(c.name()) && sums.containsKey(c.name())) {
                    row.put(c.name(), Values.round(sums.get(c.name()), 3));
                }
            }
            types.add(row);
        }
        types.sort((a, b) -> Double.compare(Values.numberOrZero(b.get("total_exec_time_ms")), Values.numberOrZero(a.get("total_exec_time_ms"))));
        data.put("by_type", types);
        return HostData.of(data);
    }

    @Override
    public List<Finding> conclude(Map<String, HostData> byHost, CheckContext context) {
        return PerHost.findings(byHost, (prefix, data, findings) -> {
            List<String> parts = new ArrayList<>();
            if (data.get("by_type") instanceof List<?> rows) {
                for (Object o : rows) {
                    if (o instanceof Map<?, ?> r && parts.size() < 5) {
                        parts.add(String.format(Locale.ROOT, "%s %.1f%% (%s calls)", r.get("type"),
                                Values.numberOrZero(r.get("time_pct")), Values.count(Values.numberOrZero(r.get("calls")))));
                    }
                }
            }
            if (!parts.isEmpty()) {
                findings.add(Finding.of(Priority.INFO, prefix + "Execution time by statement type: "
                        + String.join(", ", parts) + ".", ""));
            }
        });
    }
}
