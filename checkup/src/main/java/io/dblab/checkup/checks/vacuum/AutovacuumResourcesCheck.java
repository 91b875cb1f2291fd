package io.dblab.checkup.checks.vacuum;

import io.dblab.checkup.api.Check;
import io.dblab.checkup.api.CheckContext;
import io.dblab.checkup.api.Finding;
import io.dblab.checkup.api.HostConnection;
import io.dblab.checkup.api.HostData;
import io.dblab.checkup.api.HostScope;
import io.dblab.checkup.api.Priority;
import io.dblab.checkup.checks.common.PerHost;
import io.dblab.checkup.checks.common.Values;
import io.dblab.checkup.checks.common.Databases;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * F008 — autovacuum resources: workers, memory for dead tuple IDs, and cost-based throttling, with
 * the largest table (by {@code reltuples}) and the number of tables per database for scale.
 *
 * <p>Conclusions:
 * <ul>
 *   <li>Memory ({@code autovacuum_work_mem}, or {@code maintenance_work_mem} when it is -1): P2 when
 *       it is 64 MiB or less and some table has 10 million rows or more (one vacuum of it then needs
 *       several passes over every index), P3 when under 256 MiB otherwise. P2 when the RAM is known
 *       and {@code autovacuum_max_workers} × that memory exceeds 25% of it.</li>
 *   <li>Throttling: the effective cost limit ({@code autovacuum_vacuum_cost_limit}, or
 *       {@code vacuum_cost_limit} when -1; shared by all workers) per delay gives the most pages a
 *       second autovacuum may read or dirty. P2 before PostgreSQL 12 with the default 20 ms delay and
 *       200 limit (about 8 MB/s of reads); P3 from 12 on with the limit at 200 or less.</li>
 *   <li>Workers: P3 when {@code autovacuum_max_workers} is at the default 3 or less and the host has
 *       1,000 tables or more.</li>
 * </ul>
 * Primary only.
 */
public final class AutovacuumResourcesCheck implements Check {
    static final double MIB = 1024 * 1024;

    @Override
    public String id() {
        return "F008";
    }

    @Override
    public String title() {
        return "Autovacuum resources";
    }

    @Override
    public boolean judgesServerConfiguration() {
        return true;
    }

    @Override
    public HostScope scope() {
        return HostScope.PRIMARY_ONLY;
    }

    @Override
    public HostData collect(HostConnection host) throws SQLException {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("server_version_num", host.serverVersionNum());
        data.put("settings", Settings.load(host, List.of("autovacuum_max_workers", "autovacuum_naptime",
                "autovacuum_work_mem", "maintenance_work_mem", "autovacuum_vacuum_cost_delay",
                "autovacuum_vacuum_cost_limit", "vacuum_cost_delay", "vacuum_cost_limit", "vacuum_cost_page_hit",
                "vacuum_cost_page_miss", "vacuum_cost_page_dirty", "max_parallel_maintenance_workers",
                "vacuum_buffer_usage_limit", "block_size")));
        data.putAll(Databases.taggedRows(host, "databases", session -> session.query("""
                SELECT /* dblab-checkup */ count(*) AS tables,
                       coalesce(max(c.reltuples), 0)::bigint AS largest_table_rows
                FROM pg_class c WHERE c.relkind IN ('r', 'm', 't')""")));
        return HostData.of(data);
    }

    @Override
    public List<Finding> conclude(Map<String, HostData> byHost, CheckContext context) {
        return PerHost.findings(byHost, (prefix, data, findings) -> {
            Map<String, Map<String, Object>> s = Settings.byName(data.get("settings"));
            int version = (int) Values.longOrZero(data.get("server_version_num"));
            long tables = 0;
            long largestRows = 0;
            if (data.get("databases") instanceof List<?> dbs) {
                for (Object o : dbs) {
                    if (o instanceof Map<?, ?> d) {
                        tables += Values.longOrZero(d.get("tables"));
                        largestRows = Math.max(largestRows, Values.longOrZero(d.get("largest_table_rows")));
                    }
                }
            }
            double workers = Settings.number(s, "autovacuum_max_workers", 3);

            double mem = Settings.bytes(s, "autovacuum_work_mem", -1);
            String memName = "autovacuum_work_mem";
            if (mem < 0) {
                mem = Settings.bytes(s, "maintenance_work_mem", 64 * MIB);
                memName = "maintenance_work_mem (autovacuum_work_mem = -1)";
            }
            if (mem <= 64 * MIB && largestRows >= 10_000_000) {
                findings.add(Finding.of(Priority.P2, prefix + "Autovacuum has " + Values.bytes(mem) + " for dead "
                                + "tuple IDs (" + memName + "), enough for about " + Values.count(mem / 6)
                                + " dead tuples per index pass, while the largest table has "
                                + Values.count(largestRows) + " rows: vacuuming it takes several passes over each index.",
                        "Set autovacuum_work_mem to 512MB–1GB (vacuum uses at most 1 GB before PostgreSQL 17), "
                                + "keeping autovacuum_max_workers × autovacuum_work_mem well within RAM."));
            } else if (mem < 256 * MIB) {
                findings.add(Finding.of(Priority.P3, prefix + "Autovacuum has " + Values.bytes(mem) + " for dead "
                                + "tuple IDs (" + memName + ").",
                        "Consider autovacuum_work_mem = 256MB–1GB so that large tables are vacuumed in one "
                                + "pass over their indexes."));
            }
            if (context.ramBytes().isPresent() && workers * mem > 0.25 * context.ramBytes().getAsLong()) {
                findings.add(Finding.of(Priority.P2, prefix + "autovacuum_max_workers (" + (long) workers + ") × "
                                + Values.bytes(mem) + " = " + Values.bytes(workers * mem) + " is more than 25% of the "
                                + "RAM (" + Values.bytes(context.ramBytes().getAsLong()) + ").",
                        "Lower autovacuum_work_mem (or the workers) so that all workers together stay within "
                                + "about 10–20% of RAM."));
            }

            double delay = Settings.autovacuumCostDelay(s, version);
            double limit = Settings.autovacuumCostLimit(s);
            if (delay > 0 && limit <= 200) {
                double blockSize = Settings.number(s, "block_size", 8192);
                double miss = Settings.number(s, "vacuum_cost_page_miss", version >= 140000 ? 2 : 10);
                double dirty = Settings.number(s, "vacuum_cost_page_dirty", 20);
                double unitsPerSecond = limit * 1000 / delay;
                double readBps = unitsPerSecond / Math.max(1, miss) * blockSize;
                double dirtyBps = unitsPerSecond / Math.max(1, dirty) * blockSize;
                String throughput = String.format(Locale.ROOT, "at most about %s/s read from disk or %s/s dirtied, "
                        + "for all workers together", Values.bytes(readBps), Values.bytes(dirtyBps));
                boolean old = version < 120000 && delay >= 20;
                findings.add(Finding.of(old ? Priority.P2 : Priority.P3, prefix + "Autovacuum is throttled at the "
                                + "default rate: cost limit " + (long) limit + " per " + fmt(delay) + " ms delay, "
                                + throughput + ".",
                        old ? "Set autovacuum_vacuum_cost_delay = 2ms (the default from PostgreSQL 12) or raise "
                                + "autovacuum_vacuum_cost_limit to 1000–2000."
                                : "On SSD storage raise autovacuum_vacuum_cost_limit to 1000–2000 (the limit is shared "
                                + "by all workers, so raise it with autovacuum_max_workers)."));
            }

            if (workers <= 3 && tables >= 1000) {
                findings.add(Finding.of(Priority.P3, prefix + "autovacuum_max_workers = " + (long) workers + " for "
                                + Values.count(tables) + " tables and TOAST tables.",
                        "Consider 5–10 workers (needs a restart) together with a higher "
                                + "autovacuum_vacuum_cost_limit, as the workers share it."));
            }
        });
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.ROOT, "%.1f", v);
    }
}
