package io.dblab.engine.state;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.Map;

/**
 * What the engine remembers about a clone across restarts. It holds the SCRAM verifier of the
 * clone user's password, never the password itself. Its status changes only through
 * {@link CloneStateMachine}; {@code statusCode} is the name in {@code state.json}.
 */
public record CloneRecord(
        String id,
        String pool,
        String snapshotId,
        String branch,
        boolean isProtected,
        Instant createdAt,
        @JsonProperty("statusCode") CloneStatus status,
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

    CloneRecord withStatus(CloneStatus code, String message) {
        return new CloneRecord(id, pool, snapshotId, branch, isProtected, createdAt, code, message, port, username,
                passwordVerifier, restricted, dbName, extraConf, cloningTimeSeconds, lastActivity);
    }

    public CloneRecord withProtected(boolean value) {
        return new CloneRecord(id, pool, snapshotId, branch, value, createdAt, status, statusMessage, port, username,
                passwordVerifier, restricted, dbName, extraConf, cloningTimeSeconds, lastActivity);
    }

    public CloneRecord withSnapshot(String pool, String snapshot) {
        return new CloneRecord(id, pool, snapshot, branch, isProtected, createdAt, status, statusMessage, port,
                username, passwordVerifier, restricted, dbName, extraConf, cloningTimeSeconds, lastActivity);
    }

    /** How long provisioning took; a clone just made counts as active now. */
    public CloneRecord withCloningTime(double seconds, Instant now) {
        return new CloneRecord(id, pool, snapshotId, branch, isProtected, createdAt, status, statusMessage, port,
                username, passwordVerifier, restricted, dbName, extraConf, seconds, now);
    }

    public CloneRecord withPort(int newPort) {
        return new CloneRecord(id, pool, snapshotId, branch, isProtected, createdAt, status, statusMessage, newPort,
                username, passwordVerifier, restricted, dbName, extraConf, cloningTimeSeconds, lastActivity);
    }

    /** A clone that failed: its port goes back to the pool, so the record no longer claims it. */
    public CloneRecord withoutPort() {
        return withPort(0);
    }

    public CloneRecord withLastActivity(Instant when) {
        return new CloneRecord(id, pool, snapshotId, branch, isProtected, createdAt, status, statusMessage, port,
                username, passwordVerifier, restricted, dbName, extraConf, cloningTimeSeconds, when);
    }
}
