package io.dblab.engine.state;

import java.time.Instant;

/**
 * A named line of snapshots. {@code head} is the snapshot new clones of the branch start from and
 * the parent of the next commit; {@code parent} is the branch it was created from ({@code ""} for
 * {@code main}, which always exists and follows the newest snapshot of retrieved data).
 */
public record BranchRecord(String name, String parent, String head, Instant createdAt) {
    public static final String MAIN = "main";

    public BranchRecord {
        parent = parent == null ? "" : parent;
        head = head == null ? "" : head;
    }

    public BranchRecord withHead(String snapshotId) {
        return new BranchRecord(name, parent, snapshotId, createdAt);
    }
}
