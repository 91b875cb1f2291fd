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
 * K002 — workload by statement type: the differences between two {@code pg_stat_statements}
 * samples (see {@link StatementStats}) grouped by the statement's first keyword ({@code SELECT},
 * {@code INSERT}, {@code UPDATE}, {@code DELETE}, {@code WITH}, {@code COPY}, {@code SET} …, read
 * from the normalized text), each with its calls, time, rows and blocks, per second and as a share
 * of all execution time. INFO only.
 */
public final class WorkloadByTypeCheck extends WorkloadCheck {

    public WorkloadByTypeCheck() {
        super(false);
    }

    @Override
    public String id() {
        return "K002";
    }

    @Override
    public String title() {
        return "Workload by statement type";
    }

    @Override
    void summarize(List<Map<String, Object>> ran, double seconds, Map<String, Object> data) {
        double totalTime = StatementStats.sums(ran).getOrDefault("total_exec_time_ms", 0.0);
        List<Map<String, Object>> types = new ArrayList<>();
        StatementGroups.by(ran, e -> Values.text(e.get("type"))).forEach((type, entries) -> {
            Map<String, Double> sums = StatementStats.sums(entries);
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("type", type);
            StatementGroups.putCallsAndTime(row, sums, totalTime, seconds);
            StatementGroups.putOtherCounters(row, sums);
            types.add(row);
        });
        types.sort(StatementGroups.MOST_TIME_FIRST);
        data.put("by_type", types);
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
