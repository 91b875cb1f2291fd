package io.dblab.checkup.checks.workload;

import io.dblab.checkup.api.CheckContext;
import io.dblab.checkup.api.Finding;
import io.dblab.checkup.api.HostData;
import io.dblab.checkup.api.Priority;
import io.dblab.checkup.checks.common.PerHost;
import io.dblab.checkup.checks.common.Values;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * K001 — workload totals: from two {@code pg_stat_statements} samples {@code --interval} apart (see
 * {@link StatementStats}), the sums of the differences of calls, execution and planning time, rows,
 * shared blocks hit/read/dirtied/written, temporary blocks, I/O time and WAL bytes, in all and per
 * second, with the cache hit ratio.
 *
 * <p>INFO with the totals. P3 when entries were evicted during the interval
 * ({@code pg_stat_statements_info.dealloc} grew: {@code pg_stat_statements.max} is too small and the
 * numbers are incomplete) or the statistics were reset in between.
 */
public final class WorkloadTotalsCheck extends WorkloadCheck {

    public WorkloadTotalsCheck() {
        super(false);
    }

    @Override
    public String id() {
        return "K001";
    }

    @Override
    public String title() {
        return "Workload totals";
    }

    @Override
    void summarize(List<Map<String, Object>> ran, double seconds, Map<String, Object> data) {
        Map<String, Double> sums = StatementStats.sums(ran);
        Map<String, Object> totals = new LinkedHashMap<>();
        Map<String, Object> perSecond = new LinkedHashMap<>();
        for (StatementStats.Counter c : StatementStats.COUNTERS) {
            if (sums.containsKey(c.name())) {
                totals.put(c.name(), Values.round(sums.get(c.name()), 3));
                perSecond.put(c.name(), Values.round(sums.get(c.name()) / seconds, 3));
            }
        }
        data.put("statement_groups_that_ran", ran.size());
        data.put("cache_hit_pct", StatementGroups.cacheHitPct(sums));
        data.put("totals", totals);
        data.put("per_second", perSecond);
    }

    @Override
    public List<Finding> conclude(Map<String, HostData> byHost, CheckContext context) {
        return PerHost.findings(byHost, (prefix, data, findings) -> {
            Map<?, ?> totals = data.get("totals") instanceof Map<?, ?> m ? m : Map.of();
            double seconds = Values.numberOrZero(data.get("interval_seconds"));
            findings.add(Finding.of(Priority.INFO, prefix + String.format(Locale.ROOT,
                    "In %.0f s: %s calls (%.1f/s), %.1f s of execution time (%.2f s per second), %s rows; "
                            + "cache hit ratio %s.",
                    seconds, Values.count(Values.numberOrZero(totals.get("calls"))),
                    seconds > 0 ? Values.numberOrZero(totals.get("calls")) / seconds : 0,
                    Values.numberOrZero(totals.get("total_exec_time_ms")) / 1000,
                    seconds > 0 ? Values.numberOrZero(totals.get("total_exec_time_ms")) / 1000 / seconds : 0,
                    Values.count(Values.numberOrZero(totals.get("rows"))),
                    data.get("cache_hit_pct") == null ? "n/a" : data.get("cache_hit_pct") + "%"), ""));
            long evicted = Values.longOrZero(data.get("entries_evicted_during_interval"));
            if (evicted > 0) {
                findings.add(Finding.of(Priority.P3, prefix + evicted + " pg_stat_statements entries were evicted "
                                + "during the interval: the workload numbers are incomplete.",
                        "Raise pg_stat_statements.max (restart needed), e.g. to 10000."));
            }
            if (Values.bool(data.get("reset_during_interval"))) {
                findings.add(Finding.of(Priority.P3, prefix + "pg_stat_statements was reset during the interval: "
                        + "the workload numbers are incomplete.", "Run the checkup again."));
            }
        });
    }
}
