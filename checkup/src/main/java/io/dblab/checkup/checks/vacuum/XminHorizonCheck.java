package io.dblab.checkup.checks.vacuum;

import io.dblab.checkup.api.Check;
import io.dblab.checkup.api.CheckContext;
import io.dblab.checkup.api.Finding;
import io.dblab.checkup.api.HostConnection;
import io.dblab.checkup.api.HostData;
import io.dblab.checkup.api.Priority;
import io.dblab.checkup.checks.common.PerHost;
import io.dblab.checkup.checks.common.Values;
import io.dblab.checkup.sql.QueryNormalizer;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * F007 — what holds the xmin horizon back, so that vacuum cannot remove dead rows: sessions with a
 * snapshot or transaction ID ({@code pg_stat_activity.backend_xmin}/{@code backend_xid}: long or
 * idle-in-transaction sessions, and walsenders of standbys with {@code hot_standby_feedback}),
 * replication slots ({@code xmin}, {@code catalog_xmin}, active or not, WAL they retain) and
 * prepared transactions. Each holder's age is in transaction IDs ({@code age(xmin)}); sessions
 * show their normalized current query (no literals). Runs on every host: on a standby, long
 * queries hold the primary's horizon through {@code hot_standby_feedback}. Seeing other roles'
 * sessions needs {@code pg_read_all_stats} (or {@code pg_monitor}).
 *
 * <p>Conclusions, per holder (options of {@code --threshold} in brackets):
 * <ul>
 *   <li>P1 when a transaction (session or prepared) has been open for 1 hour or more
 *       [{@code f007.transaction_p1_seconds}=3600], or a holder's xmin age reaches 10% of
 *       {@code autovacuum_freeze_max_age} (20 million by default) [{@code f007.xmin_age_p1}];</li>
 *   <li>P2 from 10 minutes [{@code f007.transaction_p2_seconds}=600] or from 2.5% of
 *       {@code autovacuum_freeze_max_age} (5 million) [{@code f007.xmin_age_p2}], and for every
 *       inactive replication slot that holds an {@code xmin} or {@code catalog_xmin}, whatever its
 *       age: nothing will ever move it forward but its consumer or a drop.</li>
 * </ul>
 */
public final class XminHorizonCheck implements Check {
    static final int QUERY_CHARS = 300;
    static final int FINDINGS_PER_KIND = 10;

    @Override
    public String id() {
        return "F007";
    }

    @Override
    public String title() {
        return "What holds the xmin horizon back";
    }

    @Override
    public HostData collect(HostConnection host) throws SQLException {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("settings", Settings.load(host, List.of("autovacuum_freeze_max_age", "hot_standby_feedback",
                "idle_in_transaction_session_timeout", "old_snapshot_threshold", "max_prepared_transactions",
                "vacuum_defer_cleanup_age", "statement_timeout")));
        List<Map<String, Object>> sessions = new ArrayList<>();
        for (Map<String, Object> r : host.query("""
                SELECT /* dblab-checkup */ pid, datname AS database, usename AS "user", application_name,
                       backend_type, state, wait_event_type,
                       age(backend_xmin)::bigint AS xmin_age, age(backend_xid)::bigint AS xid_age,
                       round(extract(epoch FROM now() - xact_start))::bigint AS xact_seconds,
                       round(extract(epoch FROM now() - state_change))::bigint AS state_seconds,
                       query
                FROM pg_stat_activity
                WHERE (backend_xmin IS NOT NULL OR backend_xid IS NOT NULL) AND pid <> pg_backend_pid()
                ORDER BY greatest(age(backend_xmin), age(backend_xid)) DESC NULLS LAST, xact_start
                LIMIT 100""")) {
            String normalized = QueryNormalizer.normalize((String) r.get("query"));
            if (isLazyVacuum(r, normalized)) {
                continue;
            }
            Map<String, Object> row = new LinkedHashMap<>(r);
            row.put("query", normalized.length() > QUERY_CHARS ? normalized.substring(0, QUERY_CHARS) + " …" : normalized);
            row.put("holds_xmin_age", Math.max(Values.longOrZero(r.get("xmin_age")), Values.longOrZero(r.get("xid_age"))));
            sessions.add(row);
        }
        data.put("sessions", sessions);
        String walStatus = host.serverVersionNum() >= 130000 ? "wal_status, " : "";
        data.put("replication_slots", host.query("SELECT /* dblab-checkup */ slot_name, slot_type, database, active, "
                + walStatus
                + "age(xmin)::bigint AS xmin_age, age(catalog_xmin)::bigint AS catalog_xmin_age, "
                + "CASE WHEN pg_is_in_recovery() THEN NULL "
                + "ELSE pg_wal_lsn_diff(pg_current_wal_lsn(), restart_lsn)::bigint END AS retained_wal_bytes "
                + "FROM pg_replication_slots "
                + "ORDER BY greatest(age(xmin), age(catalog_xmin)) DESC NULLS LAST, slot_name"));
        data.put("prepared_transactions", host.query("SELECT /* dblab-checkup */ gid, database, owner, "
                + "age(transaction)::bigint AS xid_age, round(extract(epoch FROM now() - prepared))::bigint AS prepared_seconds "
                + "FROM pg_prepared_xacts ORDER BY prepared LIMIT 100"));
        return HostData.of(data);
    }

    /**
     * Autovacuum workers and plain (not FULL) VACUUM commands show a backend_xmin, but other vacuums
     * ignore it when they compute what they may remove.
     */
    static boolean isLazyVacuum(Map<String, Object> session, String normalizedQuery) {
        if ("autovacuum worker".equals(session.get("backend_type"))) {
            return true;
        }
        return "active".equals(session.get("state"))
                && QueryNormalizer.statementType(normalizedQuery).equals("VACUUM")
                && !normalizedQuery.toUpperCase(java.util.Locale.ROOT).matches("(?s).*\\bFULL\\b.*");
    }

    @Override
    public List<Finding> conclude(Map<String, HostData> byHost, CheckContext context) {
        return PerHost.findings(byHost, (prefix, data, findings) -> {
            double freezeMaxAge = Settings.number(Settings.byName(data.get("settings")), "autovacuum_freeze_max_age",
                    200_000_000);
            Limits limits = new Limits(context.option("f007.transaction_p1_seconds", 3600),
                    context.option("f007.transaction_p2_seconds", 600),
                    context.option("f007.xmin_age_p1", (long) (freezeMaxAge / 10)),
                    context.option("f007.xmin_age_p2", (long) (freezeMaxAge / 40)));
            sessions(prefix, data, limits, findings);
            slots(prefix, data, limits, findings);
            prepared(prefix, data, limits, findings);
        });
    }

    private record Limits(long txP1, long txP2, long ageP1, long ageP2) {
        Priority of(Object seconds, double age) {
            double s = seconds == null ? -1 : Values.numberOrZero(seconds);
            if ((s >= 0 && s >= txP1) || age >= ageP1) {
                return Priority.P1;
            }
            if ((s >= 0 && s >= txP2) || age >= ageP2) {
                return Priority.P2;
            }
            return null;
        }
    }

    private static void sessions(String prefix, HostData data, Limits limits, List<Finding> findings) {
        if (!(data.get("sessions") instanceof List<?> rows)) {
            return;
        }
        int n = 0;
        int more = 0;
        for (Object o : rows) {
            if (!(o instanceof Map<?, ?> r)) {
                continue;
            }
            double age = Values.numberOrZero(r.get("holds_xmin_age"));
            Priority p = limits.of(r.get("xact_seconds"), age);
            if (p == null) {
                continue;
            }
            if (n++ >= FINDINGS_PER_KIND) {
                more++;
                continue;
            }
            boolean walsender = "walsender".equals(r.get("backend_type"));
            String who = walsender
                    ? "The walsender of " + r.get("application_name") + " (a standby with hot_standby_feedback)"
                    : "Session " + r.get("pid") + " (user " + r.get("user") + ", database " + r.get("database")
                    + ", application '" + Values.text(r.get("application_name")) + "', " + r.get("state") + ")";
            String open = r.get("xact_seconds") == null ? ""
                    : ", its transaction open for " + Values.coarseDuration(Values.numberOrZero(r.get("xact_seconds")));
            String query = Values.text(r.get("query"));
            findings.add(Finding.of(p, prefix + who + " holds the xmin horizon" + open + ", xmin age "
                            + Values.count(age) + " transactions" + (query.isEmpty() || walsender ? ""
                            : "; current or last query: " + query) + ".",
                    walsender
                            ? "Look for long queries on that standby; set max_standby_streaming_delay, or turn "
                            + "hot_standby_feedback off if the standby can accept query cancellations."
                            : "Find out what the session does; end it if it is stuck (SELECT pg_terminate_backend("
                            + r.get("pid") + ")). Keep transactions short, and set idle_in_transaction_session_timeout "
                            + "(and statement_timeout) so that forgotten sessions end themselves."));
        }
        if (more > 0) {
            findings.add(Finding.of(Priority.P2, prefix + more + " more sessions hold the xmin horizon past the "
                    + "thresholds (see the sessions table).", "As above."));
        }
    }

    private static void slots(String prefix, HostData data, Limits limits, List<Finding> findings) {
        if (!(data.get("replication_slots") instanceof List<?> rows)) {
            return;
        }
        for (Object o : rows) {
            if (!(o instanceof Map<?, ?> r)) {
                continue;
            }
            boolean holds = r.get("xmin_age") != null || r.get("catalog_xmin_age") != null;
            if (!holds) {
                continue;
            }
            double age = Math.max(Values.numberOrZero(r.get("xmin_age")), Values.numberOrZero(r.get("catalog_xmin_age")));
            boolean active = Values.bool(r.get("active"));
            Priority p = limits.of(null, age);
            if (!active && p == null) {
                p = Priority.P2;
            }
            if (p == null) {
                continue;
            }
            String wal = r.get("retained_wal_bytes") == null ? ""
                    : ", retaining " + Values.bytes(Values.numberOrZero(r.get("retained_wal_bytes"))) + " of WAL";
            findings.add(Finding.of(p, prefix + (active ? "Active" : "Inactive") + " " + r.get("slot_type")
                            + " replication slot " + r.get("slot_name")
                            + (r.get("database") == null ? "" : " (database " + r.get("database") + ")")
                            + " holds the xmin horizon: "
                            + (r.get("xmin_age") == null ? ""
                            : "xmin age " + Values.count(Values.numberOrZero(r.get("xmin_age"))))
                            + (r.get("xmin_age") != null && r.get("catalog_xmin_age") != null ? ", " : "")
                            + (r.get("catalog_xmin_age") == null ? ""
                            : "catalog_xmin age " + Values.count(Values.numberOrZero(r.get("catalog_xmin_age"))))
                            + wal + ".",
                    active ? "The consumer of the slot lags behind: find out why (a long query on a standby with "
                            + "hot_standby_feedback, a slow logical subscriber)."
                            : "If nothing will consume this slot again, drop it: SELECT pg_drop_replication_slot('"
                            + Values.text(r.get("slot_name")).replace("'", "''") + "'); otherwise bring its consumer "
                            + "back. Consider max_slot_wal_keep_size to bound the WAL a slot can hold."));
        }
    }

    private static void prepared(String prefix, HostData data, Limits limits, List<Finding> findings) {
        if (!(data.get("prepared_transactions") instanceof List<?> rows)) {
            return;
        }
        int n = 0;
        for (Object o : rows) {
            if (!(o instanceof Map<?, ?> r)) {
                continue;
            }
            double age = Values.numberOrZero(r.get("xid_age"));
            Priority p = limits.of(r.get("prepared_seconds"), age);
            if (p == null || n++ >= FINDINGS_PER_KIND) {
                continue;
            }
            findings.add(Finding.of(p, prefix + "Prepared transaction '" + r.get("gid") + "' (database "
                            + r.get("database") + ", owner " + r.get("owner") + ") has been waiting for "
                            + Values.coarseDuration(Values.numberOrZero(r.get("prepared_seconds"))) + ", xmin age "
                            + Values.count(age) + "; it holds the xmin horizon and its locks.",
                    "Let its transaction manager finish it, or, once you know it is orphaned, end it with "
                            + "COMMIT PREPARED or ROLLBACK PREPARED (in database " + r.get("database") + ")."));
        }
    }
}
