package io.dblab.engine.state;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.Map;

/**
 * What the engine remembers about a clone across restarts. It holds the SCRAM verifier of the
 * clone user's password, never the password itself. Its status changes only through
 * {@link CloneStateMachine}; {@code statusCode} is the name in {@code state.json}.
 * {@code protectedTill}: when a timed protection ends (null: it does not, or there is none);
 * {@code maxIdleMinutes}: this clone's own idle limit (null: the engine's); {@code revision}: how
 * many times its data started anew on a commit of it, as the reference counts its {@code r<N>};
 * {@code expiryWarned}: whether the warning that its timed protection ends soon was sent (kept here
 * so that it is sent once per protection, also across restarts; a new protection clears it).
 * State files written before these existed leave them null, 0 and false.
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
        Instant lastActivity,
        Instant protectedTill,
        Integer maxIdleMinutes,
        int revision,
        boolean expiryWarned) {

    public CloneRecord {
        extraConf = extraConf == null ? Map.of() : Map.copyOf(extraConf);
    }

    CloneRecord withStatus(CloneStatus code, String message) {
        return new CloneRecord(id, pool, snapshotId, branch, isProtected, createdAt, code, message, port, username,
                passwordVerifier, restricted, dbName, extraConf, cloningTimeSeconds, lastActivity,
                protectedTill, maxIdleMinutes, revision, expiryWarned);
    }

    /** Protected until {@code till} (null: until unprotected), or not protected. */
    public CloneRecord withProtection(boolean value, Instant till) {
        return new CloneRecord(id, pool, snapshotId, branch, value, createdAt, status, statusMessage, port, username,
                passwordVerifier, restricted, dbName, extraConf, cloningTimeSeconds, lastActivity, value ? till : null,
                maxIdleMinutes, revision, false);
    }

    /** The warning that the current protection ends soon has been sent. */
    public CloneRecord withExpiryWarned() {
        return new CloneRecord(id, pool, snapshotId, branch, isProtected, createdAt, status, statusMessage, port,
                username, passwordVerifier, restricted, dbName, extraConf, cloningTimeSeconds, lastActivity,
                protectedTill, maxIdleMinutes, revision, true);
    }

    /** Its own idle limit (null: the engine's) and its revision (the next one after a commit of it). */
    public CloneRecord withIdleLimitAndRevision(Integer minutes, int newRevision) {
        return new CloneRecord(id, pool, snapshotId, branch, isProtected, createdAt, status, statusMessage, port,
                username, passwordVerifier, restricted, dbName, extraConf, cloningTimeSeconds, lastActivity,
                protectedTill, minutes, newRevision, expiryWarned);
    }

    /** Whether it is protected at {@code now}: a timed protection ends by itself. */
    public boolean protectedAt(Instant now) {
        return isProtected && (protectedTill == null || protectedTill.isAfter(now));
    }

    /** Its idle limit: its own, else the engine's; 0 means none. */
    public int idleLimitMinutes(int engineDefault) {
        return maxIdleMinutes == null ? engineDefault : maxIdleMinutes;
    }

    public CloneRecord withSnapshot(String pool, String snapshot) {
        return new CloneRecord(id, pool, snapshot, branch, isProtected, createdAt, status, statusMessage, port,
                username, passwordVerifier, restricted, dbName, extraConf, cloningTimeSeconds, lastActivity,
                protectedTill, maxIdleMinutes, revision, expiryWarned);
    }

    /** How long provisioning took; a clone just made counts as active now. */
    public CloneRecord withCloningTime(double seconds, Instant now) {
        return new CloneRecord(id, pool, snapshotId, branch, isProtected, createdAt, status, statusMessage, port,
                username, passwordVerifier, restricted, dbName, extraConf, seconds, now, protectedTill,
                maxIdleMinutes, revision, expiryWarned);
    }

    public CloneRecord withPort(int newPort) {
        return new CloneRecord(id, pool, snapshotId, branch, isProtected, createdAt, status, statusMessage, newPort,
                username, passwordVerifier, restricted, dbName, extraConf, cloningTimeSeconds, lastActivity,
                protectedTill, maxIdleMinutes, revision, expiryWarned);
    }

    /** A clone that failed: its port goes back to the pool, so the record no longer claims it. */
    public CloneRecord withoutPort() {
        return withPort(0);
    }

    public CloneRecord withLastActivity(Instant when) {
        return new CloneRecord(id, pool, snapshotId, branch, isProtected, createdAt, status, statusMessage, port,
                username, passwordVerifier, restricted, dbName, extraConf, cloningTimeSeconds, when,
                protectedTill, maxIdleMinutes, revision, expiryWarned);
    }
}
