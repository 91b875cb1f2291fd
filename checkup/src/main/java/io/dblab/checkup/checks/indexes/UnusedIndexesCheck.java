package io.dblab.checkup.checks.indexes;

import io.dblab.checkup.api.Check;
import io.dblab.checkup.api.CheckContext;
import io.dblab.checkup.api.Finding;
import io.dblab.checkup.api.HostConnection;
import io.dblab.checkup.api.HostData;
import io.dblab.checkup.api.HostRole;
import io.dblab.checkup.api.Priority;
import io.dblab.checkup.checks.common.Values;
import io.dblab.checkup.checks.common.Databases;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * H002 — unused and rarely used indexes, per database, from {@code pg_stat_user_indexes}. Only
 * indexes that could be dropped alone are considered: valid, not unique, not a primary key or
 * exclusion index, backing no constraint, and not a partition of a partitioned index. On each host
 * the check lists those with {@code idx_scan = 0} and those scanned less than once per 1,000 index
 * writes to their table ({@code n_tup_ins + n_tup_upd − n_tup_hot_upd}); it also notes the
 * database size and how old the statistics are ({@code pg_stat_database.stats_reset}, or the server
 * start when they were never reset: then the age is a lower bound).
 *
 * <p>It runs on every host, because an index unused on the primary may serve queries on a
 * replica: an index is reported only when every host that returned data for its database lists it;
 * scans are summed over the hosts. An index whose leading columns cover a foreign key is reported
 * but left out of the DO statements (dropping it would make deletes on the referenced table scan).
 *
 * <p>Unused indexes: P2 when their total size exceeds 5% of the database
 * ({@code h002.p2_percent_of_database}), else P3; capped at P3, and said so, when the statistics are
 * younger than 7 days ({@code h002.min_stats_age_days}). Rarely used indexes: P3. DO:
 * {@code DROP INDEX CONCURRENTLY IF EXISTS …}; UNDO: {@code CREATE INDEX CONCURRENTLY IF NOT EXISTS …}
 * from {@code pg_get_indexdef}.
 */
public final class UnusedIndexesCheck implements Check {
    static final int RARE_WRITES_PER_SCAN = 1000;

    @Override
    public String id() {
        return "H002";
    }

    @Override
    public String title() {
        return "Unused and rarely used indexes";
    }

    @Override
    public HostData collect(HostConnection host) throws SQLException {
        List<Map<String, Object>> databases = new ArrayList<>();
        List<Map<String, Object>> indexes = new ArrayList<>();
        Map<String, Object> errors = new LinkedHashMap<>();
        Databases.each(host, errors, (db, session) -> {
            Map<String, Object> info = Databases.tagged(db, session.query("""
                    SELECT /* dblab-checkup */ pg_database_size(current_database()) AS database_bytes,
                           round(extract(epoch FROM now() - coalesce(d.stats_reset, pg_postmaster_start_time())))::bigint
                               AS stats_age_seconds,
                           d.stats_reset IS NOT NULL AS stats_reset_known
                    FROM pg_stat_database d WHERE d.datname = current_database()""")).get(0);
            indexes.addAll(Databases.tagged(db, session.query("""
                    SELECT /* dblab-checkup */ format('%I.%I', s.schemaname, s.indexrelname) AS "index",
                           format('%I.%I', s.schemaname, s.relname) AS "table",
                           s.idx_scan AS scans,
                           pg_relation_size(s.indexrelid) AS index_bytes,
                           coalesce(t.n_tup_ins, 0) + coalesce(t.n_tup_upd, 0) - coalesce(t.n_tup_hot_upd, 0) AS index_writes,
                           EXISTS (SELECT 1 FROM pg_constraint f
                                   WHERE f.contype = 'f' AND f.conrelid = i.indrelid
                                     AND (i.indkey::int2[])[0:array_length(f.conkey, 1) - 1] @> f.conkey
                                     AND (i.indkey::int2[])[0:array_length(f.conkey, 1) - 1] <@ f.conkey)
                               AS supports_fk,
                           pg_get_indexdef(s.indexrelid) AS definition
                    FROM pg_stat_user_indexes s
                    JOIN pg_index i ON i.indexrelid = s.indexrelid
                    LEFT JOIN pg_stat_user_tables t ON t.relid = s.relid
                    WHERE NOT i.indisunique AND NOT i.indisprimary AND NOT i.indisexclusion AND i.indisvalid
                      AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = s.indexrelid)
                      AND NOT EXISTS (SELECT 1 FROM pg_inherits h WHERE h.inhrelid = s.indexrelid)
                      AND (s.idx_scan = 0 OR s.idx_scan * ? <
                           coalesce(t.n_tup_ins, 0) + coalesce(t.n_tup_upd, 0) - coalesce(t.n_tup_hot_upd, 0))
                    ORDER BY pg_relation_size(s.indexrelid) DESC, 1
                    LIMIT 1000""", (long) RARE_WRITES_PER_SCAN)));
            databases.add(info);
        });
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("databases", databases);
        data.put("indexes", indexes);
        Databases.putErrors(data, errors);
        return HostData.of(data);
    }

    /** One index as seen by all hosts: the primary's row (or the first host's) and the summed scans. */
    private record Seen(Map<String, Object> row, long scans, int hosts) {}

    @Override
    public List<Finding> conclude(Map<String, HostData> byHost, CheckContext context) {
        long minAgeSeconds = context.option("h002.min_stats_age_days", 7) * 86400;
        double p2Share = context.option("h002.p2_percent_of_database", 5) / 100.0;
        // database → hosts that returned it, its size, the youngest statistics
        Map<String, Integer> dbHosts = new LinkedHashMap<>();
        Map<String, Double> dbBytes = new LinkedHashMap<>();
        Map<String, Double> dbStatsAge = new LinkedHashMap<>();
        Map<String, Map<String, Seen>> seen = new LinkedHashMap<>();
        List<String> hosts = new ArrayList<>(byHost.keySet());
        hosts.sort((a, b) -> Boolean.compare(context.roles().get(b) == HostRole.PRIMARY,
                context.roles().get(a) == HostRole.PRIMARY));
        for (String host : hosts) {
            HostData data = byHost.get(host);
            for (Map<String, Object> d : Values.rows(data.get("databases"))) {
                String db = Values.text(d.get("database"));
                dbHosts.merge(db, 1, Integer::sum);
                dbBytes.putIfAbsent(db, Values.numberOrZero(d.get("database_bytes")));
                dbStatsAge.merge(db, Values.numberOrZero(d.get("stats_age_seconds")), Math::min);
            }
            for (Map<String, Object> r : Values.rows(data.get("indexes"))) {
                seen.computeIfAbsent(Values.text(r.get("database")), d -> new LinkedHashMap<>())
                        .merge(Values.text(r.get("index")), new Seen(r, Values.longOrZero(r.get("scans")), 1),
                                (a, b) -> new Seen(a.row(), a.scans() + b.scans(), a.hosts() + b.hosts()));
            }
        }
        List<Finding> findings = new ArrayList<>();
        for (Map.Entry<String, Map<String, Seen>> db : seen.entrySet()) {
            int needed = dbHosts.getOrDefault(db.getKey(), 1);
            List<Map<String, Object>> unused = new ArrayList<>();
            List<Map<String, Object>> rare = new ArrayList<>();
            for (Seen s : db.getValue().values()) {
                if (s.hosts() < needed) {
                    continue; // some host uses it more
                }
                (s.scans() == 0 ? unused : rare).add(withScans(s));
            }
            double age = dbStatsAge.getOrDefault(db.getKey(), 0.0);
            double size = dbBytes.getOrDefault(db.getKey(), 0.0);
            String hostsNote = needed > 1 ? " on any of the " + needed + " hosts" : "";
            if (!unused.isEmpty()) {
                double total = unused.stream().mapToDouble(r -> Values.numberOrZero(r.get("index_bytes"))).sum();
                boolean young = age < minAgeSeconds;
                Priority p = !young && size > 0 && total > p2Share * size ? Priority.P2 : Priority.P3;
                String ageNote = young
                        ? " The statistics are only " + Values.coarseDuration(age) + " old, too young to be sure "
                        + "(at least " + minAgeSeconds / 86400 + " days are needed; jobs that run weekly or monthly "
                        + "may still use them)."
                        : " Statistics cover " + Values.coarseDuration(age) + ".";
                findings.add(finding(p, db.getKey(), unused, "not been used" + hostsNote
                        + " since the statistics were reset", total, size, ageNote));
            }
            if (!rare.isEmpty()) {
                double total = rare.stream().mapToDouble(r -> Values.numberOrZero(r.get("index_bytes"))).sum();
                findings.add(finding(Priority.P3, db.getKey(), rare, "been scanned less than once per "
                        + RARE_WRITES_PER_SCAN + " writes to their tables" + hostsNote, total, size,
                        " Review them: each write pays for them, few reads gain."));
            }
        }
        return findings;
    }

    private static Map<String, Object> withScans(Seen s) {
        Map<String, Object> row = new LinkedHashMap<>(s.row());
        row.put("scans", s.scans());
        return row;
    }

    private static Finding finding(Priority p, String db, List<Map<String, Object>> rows, String what, double total,
                                   double dbSize, String note) {
        List<String> names = new ArrayList<>();
        List<String> doSql = new ArrayList<>();
        List<String> undoSql = new ArrayList<>();
        List<String> keptForFk = new ArrayList<>();
        for (Map<String, Object> r : rows) {
            String name = Values.text(r.get("index"));
            names.add(name + " on " + r.get("table") + " (" + Values.bytes(Values.numberOrZero(r.get("index_bytes")))
                    + ", " + Values.count(Values.numberOrZero(r.get("scans"))) + " scans)");
            if (Values.bool(r.get("supports_fk"))) {
                keptForFk.add(name);
                continue;
            }
            doSql.add(IndexSql.drop(r));
            undoSql.add(IndexSql.create(r));
        }
        String share = dbSize > 0 ? String.format(Locale.ROOT, " (%.1f%% of the database)", 100 * total / dbSize) : "";
        String fk = keptForFk.isEmpty() ? "" : " Left out of DO because they serve foreign keys: "
                + String.join(", ", keptForFk) + ".";
        return new Finding(p, "Database " + db + ": " + rows.size() + (rows.size() == 1 ? " index has " : " indexes have ")
                + what + ", " + Values.bytes(total) + " in all" + share + ": " + Values.list(names, 20) + "."
                + note + fk,
                "Drop the indexes no query needs (DO; UNDO recreates them), after checking that no "
                        + "rare job, replica or upcoming release relies on them.",
                doSql, undoSql);
    }
}
