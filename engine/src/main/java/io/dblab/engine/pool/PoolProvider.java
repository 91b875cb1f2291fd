package io.dblab.engine.pool;

import io.dblab.engine.schedule.Alerts;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * A copy-on-write pool: one writable main data directory, read-only snapshots of it, and writable
 * clones of snapshots. Layout under {@link #root()}: {@code data/} (the main PGDATA),
 * {@code snapshots/<name>/} and {@code clones/<id>/}, each a complete PGDATA.
 * Implementations are safe to call from several threads for different names.
 */
public interface PoolProvider extends AutoCloseable {

    /** The pool's name from the configuration. */
    String name();

    /** {@code btrfs} or {@code reflink}. */
    String mode();

    /** The directory the pool lives in ({@code <mountDir>/<name>}). */
    Path root();

    /** Makes the pool usable: creates and mounts its file system if needed, creates the layout. */
    void open();

    /** Releases the pool; with {@code unmountOnStop} a pool the engine mounted is unmounted. */
    @Override
    void close();

    /** The main data directory that retrieval restores into (exists after {@link #open()}). */
    Path dataDir();

    /** Replaces the main data directory with an empty one owned by the postgres OS user, mode 0700. */
    void resetDataDir();

    /**
     * Discards the blocks the pool's file system has freed, once deleted files and directories are
     * really gone, so that the device no longer holds what they held (masking frees the original
     * values). Pools on a file system that is not the engine's own leave that to its owner.
     */
    default void discardFreedBlocks() {}

    /**
     * Replaces the main data directory with a fresh cluster: a writable copy of the pool's cluster
     * template for this PostgreSQL {@code version}, which {@code initdb} fills (given an empty
     * directory) the first time. A copy takes a fraction of initdb's half second.
     */
    void resetDataDirToCluster(String version, Consumer<Path> initdb);

    /**
     * A read-only copy of the main data directory as it is now, on disk when this returns: callers
     * write through servers run with {@code fsync} off and rely on this for durability.
     */
    Path createSnapshot(String name);

    /**
     * A read-only copy of a clone's data directory as it is now, as the snapshot {@code name}: a
     * commit, durable when this returns, as {@link #createSnapshot}. The copy leaves out the clone
     * server's {@code postmaster.pid}, which names a live process of another directory and would make
     * a server started on the copy refuse to start (or make {@code pg_ctl stop} on the copy signal
     * the clone's server).
     */
    default Path createSnapshotOfClone(String cloneId, String name) {
        return createSnapshotOfClone(cloneId, name, copy -> { });
    }

    /** As above; {@code beforePublish} may still change the copy before it becomes the read-only snapshot. */
    Path createSnapshotOfClone(String cloneId, String name, Consumer<Path> beforePublish);

    /**
     * Whether a snapshot is taken at a single instant. Only then does a copy of a running server's
     * directory hold a crash-consistent state that PostgreSQL can recover from; otherwise the
     * server must be stopped while its directory is copied.
     */
    default boolean atomicSnapshots() {
        return false;
    }

    void deleteSnapshot(String name);

    List<String> listSnapshots();

    Path snapshotPath(String name);

    /** A writable copy of a snapshot for a clone. */
    Path createClone(String snapshotName, String cloneId);

    void deleteClone(String cloneId);

    List<String> listClones();

    Path clonePath(String cloneId);

    /*
     * Sizes of copies are those of the pool's last measurement, taken in the background after copies
     * change and at most a few seconds apart, so that answering never waits for one: a copy made
     * since then counts 0 until the next. Space and free space of the file system are always current.
     */

    /** Bytes the clone holds that its snapshot does not (exclusive bytes on btrfs), as last measured. */
    long cloneDiffSize(String cloneId);

    /** Bytes held by this snapshot alone (physical) and its total size (logical), as last measured. */
    SnapshotSize snapshotSize(String name);

    /** Size and free space of the file system, and the copies' sizes as last measured. */
    FileSystemStats stats();

    /** Measures the sizes of all copies now and waits for it; what the size methods answer next. */
    void measureUsage();

    /** Where a failure to measure the copies is alerted, from the time the engine has its alerts. */
    void reportSpaceMeteringTo(Alerts alerts);

    /** Free bytes in the pool's file system, without measuring the copies (cheap, for checks before work). */
    default long freeSpace() {
        try {
            return java.nio.file.Files.getFileStore(root()).getUsableSpace();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot read free space of " + root(), e);
        }
    }

    record SnapshotSize(long physical, long logical) {}
}
