package io.dblab.checkup.checks.cluster;

import io.dblab.checkup.api.Check;
import io.dblab.checkup.api.CheckContext;
import io.dblab.checkup.api.Finding;
import io.dblab.checkup.api.HostConnection;
import io.dblab.checkup.api.HostData;
import io.dblab.checkup.api.HostRole;
import io.dblab.checkup.api.Priority;
import io.dblab.checkup.checks.common.Values;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A004: an overview of each host: role, replication (senders on a primary, the receiver and replay
 * delay on a standby), uptime, checkpoints, and per database its size, cache hit ratio, commits,
 * rollbacks, temporary files and deadlocks. P2 when a standby connected to the primary is not
 * streaming; P3 when a database with over 100,000 block accesses has a cache hit ratio below 95%,
 * or when over half of at least 10 checkpoints were requested rather than timed.
 */
public final class ClusterOverviewCheck implements Check {
    static final double CACHE_HIT_MIN = 95.0;
    static final long CACHE_MIN_ACCESSES = 100_000;

    @Override
    public String id() {
        return "A004";
    }

    @Override
    public String title() {
        return "Cluster overview";
    }

    @Override
    public HostData collect(HostConnection host) throws SQLException {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("role", host.role().name().toLowerCase());
        data.putAll(host.query("""
                SELECT pg_postmaster_start_time() AS started_at,
                       extract(epoch FROM now() - pg_postmaster_start_time())::bigint AS uptime_seconds,
                       pg_size_pretty(sum(pg_database_size(oid))) AS total_size,
                       sum(pg_database_size(oid))::bigint AS total_size_bytes
                FROM pg_database WHERE datallowconn AND has_database_privilege(oid, 'CONNECT')
                """).get(0));
        if (host.role() == HostRole.PRIMARY) {
            data.put("replicas", host.query("""
                    SELECT application_name, client_addr::text AS client_addr, state, sync_state,
                           pg_wal_lsn_diff(pg_current_wal_lsn(), replay_lsn)::bigint AS replay_lag_bytes,
                           extract(epoch FROM replay_lag)::float8 AS replay_lag_seconds
                    FROM pg_stat_replication ORDER BY application_name
                    """));
        } else {
            data.putAll(host.query("""
                    SELECT pg_last_wal_receive_lsn()::text AS receive_lsn, pg_last_wal_replay_lsn()::text AS replay_lsn,
                           pg_wal_lsn_diff(pg_last_wal_receive_lsn(), pg_last_wal_replay_lsn())::bigint AS replay_backlog_bytes,
                           extract(epoch FROM now() - pg_last_xact_replay_timestamp())::float8 AS last_replayed_xact_age_seconds
                    """).get(0));
            data.put("wal_receiver", host.query(
                    "SELECT status, sender_host, sender_port, slot_name FROM pg_stat_wal_receiver"));
            data.put("replicas", host.query("""
                    SELECT application_name, client_addr::text AS client_addr, state, sync_state,
                           pg_wal_lsn_diff(pg_last_wal_replay_lsn(), replay_lsn)::bigint AS replay_lag_bytes,
                           extract(epoch FROM replay_lag)::float8 AS replay_lag_seconds
                    FROM pg_stat_replication ORDER BY application_name
                    """));
        }
        String checkpoints = host.serverVersionNum() >= 170000
                ? "SELECT num_timed AS checkpoints_timed, num_requested AS checkpoints_requested FROM pg_stat_checkpointer"
                : "SELECT checkpoints_timed, checkpoints_req AS checkpoints_requested FROM pg_stat_bgwriter";
        data.putAll(host.query(checkpoints).get(0));
        data.put("databases", host.query("""
                SELECT d.datname AS database, pg_database_size(d.oid) AS size_bytes, s.numbackends AS connections,
                       s.xact_commit, s.xact_rollback, s.blks_read, s.blks_hit,
                       round(100.0 * s.blks_hit / nullif(s.blks_hit + s.blks_read, 0), 2)::float8 AS cache_hit_pct,
                       s.temp_files, s.temp_bytes, s.deadlocks, s.stats_reset
                FROM pg_database d JOIN pg_stat_database s ON s.datid = d.oid
                WHERE d.datallowconn AND has_database_privilege(d.oid, 'CONNECT')
                ORDER BY pg_database_size(d.oid) DESC
                """));
        return HostData.of(data);
    }

    @Override
    public List<Finding> conclude(Map<String, HostData> byHost, CheckContext context) {
        List<Finding> findings = new ArrayList<>();
        List<String> overview = new ArrayList<>();
        byHost.forEach((host, data) -> {
            List<Map<String, Object>> replicas = Values.rows(data.get("replicas"));
            overview.add(host + ": " + data.get("role") + ", up "
                    + Values.duration(Values.numberOrNaN(data.get("uptime_seconds")))
                    + ", " + data.get("total_size") + ", " + replicas.size() + " standby(s) connected");
            for (Map<String, Object> r : replicas) {
                if (!"streaming".equals(r.get("state"))) {
                    findings.add(Finding.of(Priority.P2, "Standby " + r.get("application_name") + " (" + r.get("client_addr")
                                    + ") of " + host + " is in state '" + r.get("state") + "', not streaming.",
                            "Find out why the standby is not streaming (its log, network, WAL retention)."));
                }
            }
            List<String> lowHit = new ArrayList<>();
            for (Map<String, Object> db : Values.rows(data.get("databases"))) {
                double hit = Values.numberOrNaN(db.get("cache_hit_pct"));
                double accesses = Values.numberOrNaN(db.get("blks_hit")) + Values.numberOrNaN(db.get("blks_read"));
                if (!Double.isNaN(hit) && accesses >= CACHE_MIN_ACCESSES && hit < CACHE_HIT_MIN) {
                    lowHit.add(db.get("database") + " (" + hit + "%)");
                }
            }
            if (!lowHit.isEmpty()) {
                findings.add(Finding.of(Priority.P3, "Cache hit ratio below " + (int) CACHE_HIT_MIN + "% on " + host + ": "
                                + Values.list(lowHit, 10) + ".",
                        "Look at the top queries by blocks read (K003) and at shared_buffers (G001)."));
            }
            double timed = Values.numberOrNaN(data.get("checkpoints_timed"));
            double requested = Values.numberOrNaN(data.get("checkpoints_requested"));
            if (timed + requested >= 10 && requested / (timed + requested) > 0.5) {
                findings.add(Finding.of(Priority.P3, String.format(java.util.Locale.ROOT,
                                "%.0f%% of checkpoints on %s were requested (WAL volume) rather than timed.",
                                100 * requested / (timed + requested), host),
                        "Raise max_wal_size so that checkpoints happen by checkpoint_timeout."));
            }
        });
        findings.add(0, Finding.of(Priority.INFO, String.join("; ", overview) + ".", null));
        return findings;
    }
}
