package io.dblab.engine.masking;

import io.dblab.pg.server.LocalServer;
import io.dblab.pg.server.PgInstallation;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Makes the private server's WAL forget everything written before masking. The server is stopped
 * cleanly (which also saves the table statistics that show what scripts changed), the segments the
 * clean stop does not need are deleted, and it starts again with {@code wal_recycle = off} and
 * {@code wal_init_zero = on}: from then on a segment PostgreSQL no longer needs is deleted instead
 * of renamed for reuse, and each new segment starts as zeros. {@link #retireOldSegments} then
 * switches to a fresh segment and checkpoints, after which the segments that saw the masking work
 * are gone too.
 */
final class CleanWalRestart {
    /** Like the restore's settings (durability comes from the clean stop and sync before the snapshot). */
    private static final Map<String, String> SETTINGS = settings();

    private CleanWalRestart() {}

    static void restart(PgInstallation pg, LocalServer server) {
        server.stop("fast");
        WalSegments.removeUnneeded(pg, server.dataDir());
        server.start("", SETTINGS, Duration.ofMinutes(5));
    }

    /**
     * Two rounds of switch and checkpoint: the first switch may be a no-op when the current segment
     * is still empty, the checkpoint after a real switch deletes every segment before it.
     */
    static void retireOldSegments(PrivateSql sql) {
        for (int i = 0; i < 2; i++) {
            sql.run("postgres", "SELECT pg_switch_wal(); CHECKPOINT;", "switching to a fresh WAL segment");
        }
    }

    private static Map<String, String> settings() {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("wal_recycle", "off");
        s.put("wal_init_zero", "on");
        s.put("wal_keep_size", "0");
        s.put("wal_level", "minimal");
        s.put("max_wal_senders", "0");
        s.put("archive_mode", "off");
        s.put("fsync", "off");
        s.put("full_page_writes", "off");
        s.put("synchronous_commit", "off");
        s.put("autovacuum", "off");
        s.put("maintenance_work_mem", "256MB");
        s.put("max_wal_size", "4GB");
        s.put("log_statement", "none");
        s.put("log_min_error_statement", "panic");
        return s;
    }
}
