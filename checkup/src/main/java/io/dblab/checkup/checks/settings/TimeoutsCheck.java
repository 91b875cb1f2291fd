package io.dblab.checkup.checks.settings;

import io.dblab.checkup.api.Check;
import io.dblab.checkup.api.CheckContext;
import io.dblab.checkup.api.Finding;
import io.dblab.checkup.api.HostConnection;
import io.dblab.checkup.api.HostData;
import io.dblab.checkup.api.Priority;
import io.dblab.checkup.checks.common.ServerSettings;
import io.dblab.checkup.checks.common.Values;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * G003: timeout and lock settings (global and per database or role), deadlocks per database, and
 * sessions waiting for locks now. P2 when statement_timeout or idle_in_transaction_session_timeout
 * is 0 (no limit) globally; P3 when deadlocks were counted or log_lock_waits is off.
 */
public final class TimeoutsCheck implements Check {
    static final List<String> SETTINGS = List.of("statement_timeout", "lock_timeout",
            "idle_in_transaction_session_timeout", "idle_session_timeout", "transaction_timeout", "deadlock_timeout",
            "log_lock_waits", "max_locks_per_transaction", "max_pred_locks_per_transaction",
            "log_min_duration_statement");

    @Override
    public String id() {
        return "G003";
    }

    @Override
    public String title() {
        return "Timeouts and locks";
    }

    @Override
    public boolean judgesServerConfiguration() {
        return true;
    }

    @Override
    public HostData collect(HostConnection host) throws SQLException {
        Map<String, Object> data = new LinkedHashMap<>();
        List<Map<String, Object>> settings = new ArrayList<>();
        for (Map<String, Object> row : ServerSettings.named(host, SETTINGS)) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("name", row.get("name"));
            r.put("setting", row.get("setting"));
            r.put("unit", row.get("unit"));
            r.put("value", ServerSettings.display(row));
            r.put("source", row.get("source"));
            settings.add(r);
        }
        data.put("settings", settings);
        data.put("database_and_role_settings", host.query("""
                SELECT coalesce(d.datname, '(all databases)') AS database, coalesce(r.rolname, '(all roles)') AS role,
                       split_part(c.config, '=', 1) AS name, substr(c.config, strpos(c.config, '=') + 1) AS setting
                FROM pg_db_role_setting s
                LEFT JOIN pg_database d ON d.oid = s.setdatabase
                LEFT JOIN pg_roles r ON r.oid = s.setrole
                CROSS JOIN LATERAL unnest(s.setconfig) AS c(config)
                WHERE split_part(c.config, '=', 1) = ANY (?)
                ORDER BY 1, 2, 3
                """, (Object) SETTINGS.toArray(new String[0])));
        data.put("deadlocks", host.query("""
                SELECT datname AS database, deadlocks, stats_reset FROM pg_stat_database
                WHERE datname IS NOT NULL ORDER BY deadlocks DESC, datname
                """));
        data.putAll(host.query("""
                SELECT (SELECT count(*) FROM pg_locks WHERE NOT granted) AS lock_waits_now,
                       (SELECT count(*) FROM pg_stat_activity WHERE cardinality(pg_blocking_pids(pid)) > 0) AS blocked_sessions_now
                """).get(0));
        return HostData.of(data);
    }

    @Override
    public List<Finding> conclude(Map<String, HostData> byHost, CheckContext context) {
        List<Finding> findings = new ArrayList<>();
        byHost.forEach((host, data) -> {
            Map<String, Map<String, Object>> s = ServerSettings.byName(Values.rows(data.get("settings")));
            List<Map<String, Object>> overrides = Values.rows(data.get("database_and_role_settings"));
            for (String name : List.of("statement_timeout", "idle_in_transaction_session_timeout")) {
                Map<String, Object> row = s.get(name);
                if (row != null && Values.numberOrNaN(row.get("setting")) == 0) {
                    List<String> where = overrides.stream().filter(o -> name.equals(o.get("name")))
                            .map(o -> o.get("database") + "/" + o.get("role") + " = " + o.get("setting")).toList();
                    findings.add(Finding.of(Priority.P2, name + " is 0 (no limit) globally on " + host
                                    + (where.isEmpty() ? "" : "; set for " + Values.list(where, 5)) + ".",
                            name.equals("statement_timeout")
                                    ? "Set a global statement_timeout (for example 30s for OLTP) and raise it per role where needed (ALTER ROLE … SET statement_timeout)."
                                    : "Set idle_in_transaction_session_timeout (for example 60s) so that forgotten transactions end."));
                }
            }
            List<String> deadlocks = new ArrayList<>();
            for (Map<String, Object> d : Values.rows(data.get("deadlocks"))) {
                if (Values.numberOrNaN(d.get("deadlocks")) > 0) {
                    deadlocks.add(d.get("database") + ": " + d.get("deadlocks"));
                }
            }
            if (!deadlocks.isEmpty()) {
                findings.add(Finding.of(Priority.P3, "Deadlocks on " + host + " since the statistics were reset: "
                                + Values.list(deadlocks, 10) + ".",
                        "Find the transactions in the server log (deadlock details) and make them lock rows in the same order."));
            }
            Map<String, Object> llw = s.get("log_lock_waits");
            if (llw != null && !Values.bool(llw.get("setting"))) {
                findings.add(Finding.of(Priority.P3, "log_lock_waits is off on " + host
                                + ": waits longer than deadlock_timeout are not logged.",
                        "Set log_lock_waits = on."));
            }
        });
        if (findings.isEmpty()) {
            findings.add(Finding.of(Priority.INFO, "Timeouts are set and no deadlocks were counted.", null));
        }
        return findings;
    }
}
