package io.dblab.engine.state;

import java.time.Instant;

/**
 * A snapshot's metadata. The snapshot itself lives in its pool as {@code snapshots/<name>}; its API
 * id is {@code <pool>@<name>}.
 */
public record SnapshotRecord(String pool, String name, Instant createdAt, Instant dataStateAt, String branch,
                             String message, boolean isProtected) {

    public String id() {
        return pool + "@" + name;
    }
}
