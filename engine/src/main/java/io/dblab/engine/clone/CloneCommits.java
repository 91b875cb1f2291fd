package io.dblab.engine.clone;

import io.dblab.engine.error.BadRequestException;
import io.dblab.engine.pool.PoolProvider;
import io.dblab.engine.pool.PoolRegistry;
import io.dblab.engine.snapshot.SnapshotService;
import io.dblab.engine.state.CloneRecord;
import io.dblab.engine.state.CloneStateMachine;
import io.dblab.engine.state.SnapshotRecord;
import io.dblab.engine.state.StateStore;
import io.dblab.pg.server.LocalServer;
import java.nio.file.Path;

/**
 * Commits a clone's current state as a new snapshot on its branch. A CHECKPOINT first writes the
 * clone's changes to its data files, so that a server started on the snapshot replays little WAL.
 * On a pool whose snapshots are atomic the clone keeps running (the snapshot is crash-consistent);
 * otherwise its server is stopped cleanly for the copy and started again on the same port.
 */
public final class CloneCommits {
    private static final int MAX_MESSAGE_LENGTH = 1000;

    private final StateStore state;
    private final PoolRegistry pools;
    private final SnapshotService snapshots;
    private final ClonePostgres postgres;

    public CloneCommits(StateStore state, PoolRegistry pools, SnapshotService snapshots, ClonePostgres postgres) {
        this.state = state;
        this.pools = pools;
        this.snapshots = snapshots;
        this.postgres = postgres;
    }

    /**
     * Commits an OK clone. Meanwhile the state machine refuses to reset or destroy it, and another
     * commit of it: the copy may stop its server. Commits of different clones run side by side.
     */
    public SnapshotRecord commit(String cloneId, String message) {
        if (cloneId == null || cloneId.isEmpty()) {
            throw new BadRequestException("missing clone id: 'cloneID' is required");
        }
        String text = message == null ? "" : message;
        if (text.length() > MAX_MESSAGE_LENGTH || text.chars().anyMatch(c -> c == 0)) {
            throw new BadRequestException("invalid message: at most " + MAX_MESSAGE_LENGTH + " characters");
        }
        if (state.clone(cloneId).isEmpty()) {
            throw new BadRequestException("clone '" + CloneIds.printable(cloneId) + "' not found");
        }
        return state.transitions().committing(cloneId, () -> commitNow(state.clone(cloneId).orElseThrow(), text));
    }

    private SnapshotRecord commitNow(CloneRecord clone, String text) {
        String cloneId = clone.id();
        PoolProvider pool = pools.get(clone.pool());
        Path dataDir = pool.clonePath(clone.id());
        LocalServer server = postgres.server(dataDir, clone.port());
        server.psql().run("postgres", "CHECKPOINT");
        SnapshotRecord snapshot;
        if (pool.atomicSnapshots()) {
            snapshot = snapshots.commit(pool, clone, text);
        } else {
            server.stop("fast");
            try {
                snapshot = snapshots.commit(pool, clone, text);
            } finally {
                postgres.start(dataDir, clone.port(), clone.extraConf());
            }
        }
        // The clone now stands on its commit, as a working copy does after git commit: a reset
        // without a target brings it back here, and the commit counts it among its clones.
        state.updateClone(cloneId, c -> c.withSnapshot(pool.name(), snapshot.id())
                .withIdleLimitAndRevision(c.maxIdleMinutes(), c.revision() + 1));
        return snapshot;
    }
}
