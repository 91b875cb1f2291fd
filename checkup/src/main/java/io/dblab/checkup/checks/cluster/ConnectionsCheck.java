package io.dblab.checkup.checks.cluster;

import io.dblab.checkup.api.Check;
import io.dblab.checkup.api.CheckContext;
import io.dblab.checkup.api.Finding;
import io.dblab.checkup.api.HostConnection;
import io.dblab.checkup.api.HostData;
import io.dblab.checkup.api.Priority;
import io.dblab.checkup.checks.common.Values;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * G002: client connections by database, user and state, and the sessions inside a transaction with
 * their ages (never their query text, which can hold values). P1 when an active or
 * idle-in-transaction session's transaction is older than {@code g002.long_transaction_seconds}
 * (3600); P2 when a session has been idle in transaction longer than
 * {@code g002.idle_in_transaction_seconds} (60); P2 when client connections use 90% or more of
 * max_connections (less the superuser reserve). The checkup's own sessions are left out.
 */
public final class ConnectionsCheck implements Check {
    public static final String LONG_OPTION = "g002.long_transaction_seconds";
    public static final String IDLE_OPTION = "g002.idle_in_transaction_seconds";
    static final long LONG_DEFAULT = 3600;
    static final long IDLE_DEFAULT = 60;

    @Override
    public String id() {
        return "G002";
    }

    @Override
    public String title() {
        return "Connections and long transactions";
    }

    @Override
    public HostData collect(HostConnection host) throws SQLException {
        Map<String, Object> data = new LinkedHashMap<>();
        data.putAll(host.query("""
                SELECT count(*) FILTER (WHERE backend_type = 'client backend') AS client_connections,
                       current_setting('max_connections')::int AS max_connections,
                       current_setting('superuser_reserved_connections')::int AS superuser_reserved_connections
                FROM pg_stat_activity
                """).get(0));
        data.put("by_state", host.query("""
                SELECT datname AS database, usename AS user, coalesce(state, '(unknown)') AS state, count(*) AS connections,
                       count(*) FILTER (WHERE now() - state_change > interval '1 minute') AS in_state_over_1min,
                       count(*) FILTER (WHERE now() - xact_start > interval '1 minute') AS transaction_over_1min,
                       count(*) FILTER (WHERE now() - xact_start > interval '1 hour') AS transaction_over_1h
                FROM pg_stat_activity
                WHERE backend_type = 'client backend' AND pid <> pg_backend_pid()
                  AND application_name IS DISTINCT FROM ?
                GROUP BY 1, 2, 3 ORDER BY 4 DESC, 1, 2, 3
                """, HostConnection.APPLICATION_NAME));
        data.put("in_transaction", host.query("""
                SELECT pid, datname AS database, usename AS user, application_name, state,
                       wait_event_type, wait_event,
                       round(extract(epoch FROM now() - xact_start)::numeric, 1)::float8 AS transaction_age_seconds,
                       round(extract(epoch FROM now() - state_change)::numeric, 1)::float8 AS state_age_seconds,
                       backend_xmin IS NOT NULL AS holds_xmin
                FROM pg_stat_activity
                WHERE backend_type = 'client backend' AND xact_start IS NOT NULL AND pid <> pg_backend_pid()
                  AND application_name IS DISTINCT FROM ?
                ORDER BY xact_start LIMIT 200
                """, HostConnection.APPLICATION_NAME));
        return HostData.of(data);
    }

    @Override
    public List<Finding> conclude(Map<String, HostData> byHost, CheckContext context) {
        long longSeconds = context.option(LONG_OPTION, LONG_DEFAULT);
        long idleSeconds = context.option(IDLE_OPTION, IDLE_DEFAULT);
        List<Finding> findings = new ArrayList<>();
        byHost.forEach((host, data) -> {
            List<String> longTx = new ArrayList<>();
            List<String> idleTx = new ArrayList<>();
            for (Map<String, Object> s : Values.rows(data.get("in_transaction"))) {
                String state = String.valueOf(s.get("state"));
                double txAge = Values.numberOrNaN(s.get("transaction_age_seconds"));
                double stateAge = Values.numberOrNaN(s.get("state_age_seconds"));
                boolean activeOrIdleTx = state.equals("active") || state.startsWith("idle in transaction");
                String who = "pid " + s.get("pid") + " (" + s.get("user") + "@" + s.get("database") + ", " + state;
                if (activeOrIdleTx && txAge >= longSeconds) {
                    longTx.add(who + ", transaction open " + Values.duration(txAge) + ")");
                } else if (state.startsWith("idle in transaction") && stateAge >= idleSeconds) {
                    idleTx.add(who + " for " + Values.duration(stateAge) + ")");
                }
            }
            if (!longTx.isEmpty()) {
                findings.add(Finding.of(Priority.P1, longTx.size() + " transaction(s) on " + host + " open longer than "
                                + Values.duration(longSeconds) + ": " + Values.list(longTx, 10) + ".",
                        "Long transactions hold back vacuum (bloat, wraparound risk) and locks: find the application "
                                + "that keeps them open, end them (pg_terminate_backend) and set idle_in_transaction_session_timeout."));
            }
            if (!idleTx.isEmpty()) {
                findings.add(Finding.of(Priority.P2, idleTx.size() + " session(s) on " + host + " idle in transaction for over "
                                + Values.duration(idleSeconds) + ": " + Values.list(idleTx, 10) + ".",
                        "Fix the application to commit or roll back promptly; set idle_in_transaction_session_timeout."));
            }
            double clients = Values.numberOrNaN(data.get("client_connections"));
            double usable = Values.numberOrNaN(data.get("max_connections"))
                    - Values.numberOrNaN(data.get("superuser_reserved_connections"));
            if (usable > 0 && clients / usable >= 0.9) {
                findings.add(Finding.of(Priority.P2, host + " has " + (long) clients + " client connections, "
                                + Values.pct(clients / usable) + " of the " + (long) usable + " available.",
                        "Use a connection pooler (pgbouncer) rather than raising max_connections."));
            }
        });
        if (findings.isEmpty()) {
            findings.add(Finding.of(Priority.INFO, "No long or idle-in-transaction sessions; connections well below the limit.", null));
        }
        return findings;
    }
}
