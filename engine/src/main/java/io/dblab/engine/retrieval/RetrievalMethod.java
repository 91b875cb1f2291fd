package io.dblab.engine.retrieval;

import io.dblab.engine.pool.PoolProvider;
import io.dblab.engine.state.SnapshotRecord;

/** How data gets into a pool: logical (dump and restore) or physical (base backup and standby). */
public interface RetrievalMethod {

    /** Fills the pool from the source and returns its first snapshot; fails with RetrievalFailedException. */
    SnapshotRecord refresh(PoolProvider pool);

    /** A new snapshot of the data the pool holds now. */
    SnapshotRecord snapshot(PoolProvider pool);

    /** Picks up a pool that already holds data after the engine (re)started. */
    void resume(PoolProvider pool);

    /** Stops what the method runs in the background (a standby). */
    void stop();

    /** Removes what a refresh that the engine's stop interrupted left behind in the pool (servers, dumps). */
    void cleanUpInterrupted(PoolProvider pool);

    /** Whether the method keeps working on the pool's data directory between refreshes (a standby does). */
    boolean dataDirInUse();

    /**
     * Whether there is a source to read: logical retrieval may start without one and wait for it
     * ({@code POST /admin/config}); physical retrieval always has one (a connection or a restore
     * command), which the configuration's check requires.
     */
    default boolean hasSource() {
        return true;
    }
}
