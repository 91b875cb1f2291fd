package io.dblab.engine.state;

import java.time.Instant;

/**
 * A named line of snapshots. {@code head} is the snapshot new clones of the branch start from and
 * the parent of the next commit; {@code parent} is the branch it was created from ({@code ""} for
 * {@code main}, which always exists and follows the newest snapshot of retrieved data). A protected
 * branch cannot be deleted; {@code protectedTill} ends a timed protection (null: none or no end).
 */
public record BranchRecord(String name, String parent, String head, Instant createdAt, boolean isProtected,
                           Instant protectedTill) {
    public static final String MAIN = "main";

    public BranchRecord {
        parent = parent == null ? "" : parent;
        head = head == null ? "" : head;
        protectedTill = isProtected ? protectedTill : null;
    }

    /** An unprotected branch. */
    public BranchRecord(String name, String parent, String head, Instant createdAt) {
        this(name, parent, head, createdAt, false, null);
    }

    public BranchRecord withHead(String snapshotId) {
        return new BranchRecord(name, parent, snapshotId, createdAt, isProtected, protectedTill);
    }

    public BranchRecord withProtection(boolean value, Instant till) {
        return new BranchRecord(name, parent, head, createdAt, value, till);
    }

    /** Whether it is protected at {@code now}: a timed protection ends by itself. */
    public boolean protectedAt(Instant now) {
        return isProtected && (protectedTill == null || protectedTill.isAfter(now));
    }
}
