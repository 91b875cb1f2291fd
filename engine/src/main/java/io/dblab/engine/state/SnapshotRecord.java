package io.dblab.engine.state;

import java.time.Instant;

/**
 * A snapshot's metadata. The snapshot itself lives in its pool as {@code snapshots/<name>}; its API
 * id is {@code <pool>@<name>}. {@code parent} is the snapshot a commit was made on top of (the head
 * of its branch then); it is empty for snapshots of a pool's own data (retrieval, {@code POST /snapshot}).
 * {@code protectedTill} ends a timed protection (null: none, or no end).
 */
public record SnapshotRecord(String pool, String name, Instant createdAt, Instant dataStateAt, String branch,
                             String message, boolean isProtected, String parent, Instant protectedTill) {

    public SnapshotRecord {
        // state files written before branches existed have neither field
        branch = branch == null || branch.isEmpty() ? BranchRecord.MAIN : branch;
        message = message == null ? "" : message;
        parent = parent == null ? "" : parent;
        protectedTill = isProtected ? protectedTill : null;
    }

    /** A snapshot protected without an end, or not protected. */
    public SnapshotRecord(String pool, String name, Instant createdAt, Instant dataStateAt, String branch,
                          String message, boolean isProtected, String parent) {
        this(pool, name, createdAt, dataStateAt, branch, message, isProtected, parent, null);
    }

    public SnapshotRecord withProtection(boolean value, Instant till) {
        return new SnapshotRecord(pool, name, createdAt, dataStateAt, branch, message, value, parent, till);
    }

    /** Whether it is protected at {@code now}: a timed protection ends by itself. */
    public boolean protectedAt(Instant now) {
        return isProtected && (protectedTill == null || protectedTill.isAfter(now));
    }

    public String id() {
        return pool + "@" + name;
    }

    /** Whether a clone's state was committed into this snapshot, rather than a pool's data directory. */
    public boolean isCommit() {
        return !parent.isEmpty();
    }
}
