package io.dblab.engine.retrieval;

import io.dblab.pg.server.LocalServer;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the physical standby: what it has replayed, how far it lags behind the source in seconds
 * and bytes, and whether its replication connection is up. A broken connection raises the
 * {@code sync_failed} alert; PostgreSQL's WAL receiver keeps retrying by itself, and a standby that
 * died is started again. The engine runs {@link #check} as a BackgroundTask: a check that fails
 * itself (the standby cannot be started again) raises {@code sync_check_failed} and runs again 5 s later.
 */
public final class SyncMonitor {
    private static final Logger LOG = LoggerFactory.getLogger(SyncMonitor.class);
    private static final String STANDBY_QUERY = """
            SELECT coalesce(pg_catalog.pg_last_wal_replay_lsn()::text, ''),
                   coalesce(pg_catalog.to_char(pg_catalog.pg_last_xact_replay_timestamp() AT TIME ZONE 'UTC',
                                               'YYYY-MM-DD"T"HH24:MI:SS"Z"'), ''),
                   coalesce((SELECT status FROM pg_catalog.pg_stat_wal_receiver), 'stopped'),
                   coalesce((SELECT pg_catalog.to_char(last_msg_receipt_time AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')
                             FROM pg_catalog.pg_stat_wal_receiver), '')
            """;

    private final PhysicalRetrieval physical;
    private final RetrievalStatus status;
    private final Instant startedAt = Instant.now();
    private volatile Map<String, Object> view = Map.of("status", Map.of("code", "NOT_STARTED", "message", ""));

    public SyncMonitor(PhysicalRetrieval physical, RetrievalStatus status) {
        this.physical = physical;
        this.status = status;
    }

    public Map<String, Object> view() {
        return view;
    }

    public void check() {
        LocalServer standby = physical.standby();
        if (standby == null) {
            return;
        }
        Map<String, Object> next = new LinkedHashMap<>();
        try {
            String[] row = standby.psql().run("postgres", STANDBY_QUERY).strip().split("\\|", -1);
            String replayLsn = row[0];
            String sourceLsn = sourceLsn();
            long lagBytes = replayLsn.isEmpty() || sourceLsn.isEmpty() ? -1 : Math.max(0, lsn(sourceLsn) - lsn(replayLsn));
            Instant replayAt = row[1].isEmpty() ? null : Instant.parse(row[1]);
            long lagSeconds = lagBytes == 0 || replayAt == null ? 0 : Duration.between(replayAt, Instant.now()).toSeconds();
            boolean streaming = "streaming".equals(row[2]);
            next.put("status", Map.of("code", streaming ? "OK" : "NOT_STREAMING",
                    "message", streaming ? "Replication is streaming" : "Replication connection is " + row[2]));
            next.put("startedAt", startedAt.toString());
            next.put("lastReplayedLsn", replayLsn);
            next.put("lastReplayedLsnAt", row[1]);
            next.put("replicationLag", lagSeconds);
            next.put("replicationLagBytes", lagBytes);
            next.put("replicationUptime", Duration.between(startedAt, Instant.now()).toSeconds());
            if (streaming) {
                // the cause is gone: an alert left standing would report a failure that no longer exists
                status.clearAlert("sync_failed");
            } else {
                status.alert("sync_failed", "error", "Replication from the source is " + row[2]
                        + "; the standby keeps retrying");
            }
        } catch (RuntimeException e) {
            next.put("status", Map.of("code", "FAILED", "message", e.getMessage()));
            status.alert("sync_failed", "error", "Cannot check replication: " + e.getMessage());
            LOG.warn("sync check failed: {}", e.getMessage());
            if (!standby.isRunning()) {
                LOG.info("standby is not running; starting it again");
                physical.restartStandby();
            }
        }
        view = next;
    }

    /** The source's current WAL position, or "" when the source cannot be reached. */
    private String sourceLsn() {
        try {
            return physical.source().command(physical.installation().tool("psql"), "-X", "-A", "-t",
                    "-d", physical.source().connStrFor("postgres"), "-c", "SELECT pg_current_wal_lsn()").check().strip();
        } catch (RuntimeException e) {
            return "";
        }
    }

    /** An LSN such as {@code 0/3000148} as a byte position. */
    static long lsn(String text) {
        int slash = text.indexOf('/');
        return (Long.parseLong(text.substring(0, slash), 16) << 32) + Long.parseLong(text.substring(slash + 1), 16);
    }
}
