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
import java.util.Map;

/**
 * F003 — dead tuples: per database, from {@code pg_stat_all_tables} (TOAST tables left out, as they
 * are vacuumed with their tables), the tables with more than 10,000 tuples (live + dead) whose dead
 * share {@code n_dead_tup / (n_live_tup + n_dead_tup)} is at least 5% (at most 100 per database,
 * most dead first), with the time since the last (auto)vacuum and whether autovacuum is disabled
 * for the table.
 *
 * <p>P1 when a table's dead share is above 50%, P2 above 20% (options {@code f003.p1_percent},
 * {@code f003.p2_percent}, {@code f003.min_tuples}). At the default scale factor autovacuum lets a
 * table reach 20% before it starts. Primary only (a standby's counters are its own).
 */
public final class DeadTuplesCheck implements Check {
    static final long MIN_TUPLES = 10_000;

    @Override
    public String id() {
        return "F003";
    }

    @Override
    public String title() {
        return "Dead tuples";
    }

    @Override
    public HostScope scope() {
        return HostScope.PRIMARY_ONLY;
    }

    @Override
    public HostData collect(HostConnection host) throws SQLException {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("min_tuples", MIN_TUPLES);
        data.putAll(Databases.taggedRows(host, "tables", session -> session.query("""
                    SELECT /* dblab-checkup */ format('%I.%I', s.schemaname, s.relname) AS "table",
                           s.n_live_tup AS live_tuples, s.n_dead_tup AS dead_tuples,
                           round((100.0 * s.n_dead_tup / (s.n_live_tup + s.n_dead_tup))::numeric, 2)::float8 AS dead_pct,
                           pg_relation_size(s.relid) AS table_bytes,
                           round(extract(epoch FROM now() - greatest(s.last_vacuum, s.last_autovacuum)))::bigint
                               AS seconds_since_vacuum,
                           round(extract(epoch FROM now() - greatest(s.last_analyze, s.last_autoanalyze)))::bigint
                               AS seconds_since_analyze,
                           s.autovacuum_count, s.vacuum_count,
                           EXISTS (SELECT 1 FROM unnest(c.reloptions) o
                                   WHERE o ~* '^autovacuum_enabled=(false|off|no|0|f|n)$') AS autovacuum_disabled
                    FROM pg_stat_all_tables s
                    JOIN pg_class c ON c.oid = s.relid
                    WHERE s.schemaname <> 'pg_toast'
                      AND s.n_live_tup + s.n_dead_tup > ?
                      AND s.n_dead_tup * 20 >= s.n_live_tup + s.n_dead_tup
                    ORDER BY s.n_dead_tup DESC, 1
                    LIMIT 100""", MIN_TUPLES)));
        return HostData.of(data);
    }

    @Override
    public List<Finding> conclude(Map<String, HostData> byHost, CheckContext context) {
        double p1 = context.option("f003.p1_percent", 50);
        double p2 = context.option("f003.p2_percent", 20);
        long minTuples = context.option("f003.min_tuples", MIN_TUPLES);
        return PerHost.findings(byHost, (prefix, data, findings) -> {
            if (!(data.get("tables") instanceof List<?> tables)) {
                return;
            }
            for (Object o : tables) {
                if (!(o instanceof Map<?, ?> t)) {
                    continue;
                }
                double pct = Values.numberOrZero(t.get("dead_pct"));
                double live = Values.numberOrZero(t.get("live_tuples"));
                double dead = Values.numberOrZero(t.get("dead_tuples"));
                if (live + dead <= minTuples) {
                    continue;
                }
                Priority priority = pct > p1 ? Priority.P1 : pct > p2 ? Priority.P2 : null;
                if (priority == null) {
                    continue;
                }
                Object since = t.get("seconds_since_vacuum");
                String lastVacuum = since == null ? "never vacuumed since statistics were reset"
                        : "last vacuumed " + Values.coarseDuration(Values.numberOrZero(since)) + " ago";
                boolean disabled = Values.bool(t.get("autovacuum_disabled"));
                findings.add(Finding.of(priority, prefix + "Table " + t.get("table") + " in database "
                                + t.get("database") + ": " + Values.count(dead) + " dead tuples, "
                                + String.format(java.util.Locale.ROOT, "%.1f%%", pct) + " of all ("
                                + Values.bytes(Values.numberOrZero(t.get("table_bytes"))) + "); " + lastVacuum
                                + (disabled ? "; autovacuum is disabled for it" : "") + ".",
                        "Run VACUUM (VERBOSE) " + t.get("table") + "; and see why autovacuum does not keep up: "
                                + (disabled ? "re-enable it for the table, " : "")
                                + "lower its scale factor (F001), check what holds the xmin horizon (F007) "
                                + "and autovacuum's resources (F008)."));
            }
        });
    }
}
