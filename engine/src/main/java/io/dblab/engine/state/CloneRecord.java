package io.dblab.engine.state;

import java.time.Instant;
import java.util.Map;

/**
 * What the engine remembers about a clone across restarts. It holds the SCRAM verifier of the
 * clone user's password, never the password itself.
 */
public record CloneRecord(
        String id,
        String pool,
        String snapshotId,
        String branch,
        boolean isProtected,
        Instant createdAt,
        String statusCode,
        String statusMessage,
        int port,
        String username,
        String passwordVerifier,
        boolean restricted,
        String dbName,
        Map<String, String> extraConf,
        double cloningTimeSeconds,
        Instant lastActivity) {

    public CloneRecord {
        extraConf = extraConf == null ? Map.of() : Map.copyOf(extraConf);
    }

    public CloneRecord withStatus(String code, String message) {
        return new CloneRecord(id, pool, snapshotId, branch, isProtected, createdAt, code, message, port, username,
                passwordVerifier, restricted, dbName, extraConf, cloningTimeSeconds, lastActivity);
    }

    public CloneRecord withProtected(boolean value) {
        return new CloneRecord(id, pool, snapshotId, branch, value, createdAt, statusCode, statusMessage, port, username,
                passwordVerifier, restricted, dbName, extraConf, cloningTimeSeconds, lastActivity);
    }

    public CloneRecord withSnapshot(String pool, String snapshot) {
        return new CloneRecord(id, pool, snapshot, branch, isProtected, createdAt, statusCode, statusMessage, port,
                username, passwordVerifier, restricted, dbName, extraConf, cloningTimeSeconds, lastActivity);
    }

    public CloneRecord withReady(double seconds, Instant now) {
        return new CloneRecord(id, pool, snapshotId, branch, isProtected, createdAt, "OK", "Clone is ready to accept "
                + "Postgres connections.", port, username, passwordVerifier, restricted, dbName, extraConf,
                seconds, now);
    }

    public CloneRecord withPort(int newPort) {
        return new CloneRecord(id, pool, snapshotId, branch, isProtected, createdAt, statusCode, statusMessage, newPort,
                username, passwordVerifier, restricted, dbName, extraConf, cloningTimeSeconds, lastActivity);
    }

    /** A clone that failed: its port goes back to the pool, so the record no longer claims it. */
    public CloneRecord withFailure(String message) {
        return new CloneRecord(id, pool, snapshotId, branch, isProtected, createdAt, "FATAL", message, 0, username,
                passwordVerifier, restricted, dbName, extraConf, cloningTimeSeconds, lastActivity);
    }

    public CloneRecord withLastActivity(Instant when) {
        return new CloneRecord(id, pool, snapshotId, branch, isProtected, createdAt, statusCode, statusMessage, port,
                username, passwordVerifier, restricted, dbName, extraConf, cloningTimeSeconds, when);
    }
}
