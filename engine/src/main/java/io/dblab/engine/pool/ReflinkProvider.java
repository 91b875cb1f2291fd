package io.dblab.engine.pool;

import io.dblab.pg.process.Command;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A pool in a plain directory, for machines where the engine cannot mount anything: snapshots and
 * clones are {@code cp --reflink=auto} copies, which share blocks on file systems with reflinks
 * (btrfs, XFS) and are full copies elsewhere; {@link FileSystemStats#sharedCopies()} says which.
 */
public final class ReflinkProvider extends LayoutPool {
    private static final Logger log = LoggerFactory.getLogger(ReflinkProvider.class);

    private volatile boolean sharedCopies;

    public ReflinkProvider(String name, Path root) {
        super(name, root);
    }

    @Override
    public String mode() {
        return "reflink";
    }

    @Override
    protected boolean sharedCopies() {
        return sharedCopies;
    }

    @Override
    public synchronized void open() {
        try {
            Files.createDirectories(root());
            if (!Files.isDirectory(dataDir())) {
                createDataDir();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create pool " + name + " at " + root() + ": " + e.getMessage(), e);
        }
        layout.createCopyDirs();
        sharedCopies = reflinksWork();
        boolean onBtrfs = "btrfs".equals(layout.fileSystemType());
        measureWith(sharedCopies && onBtrfs ? new BtrfsDuMeter(root()) : new DuMeter());
        if (!sharedCopies) {
            log.warn("pool {}: the file system at {} has no reflinks, so every snapshot and clone is a full copy",
                    name, root());
        }
    }

    /** Nothing is mounted or held open, so there is nothing to release. */
    @Override
    public void close() {
        stopMeasuring();
    }

    @Override
    protected void createDirectory(Path dir) {
        try {
            Files.createDirectory(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir + ": " + e.getMessage(), e);
        }
    }

    @Override
    protected void copyDirectory(Path source, Path target) {
        copy(source, target);
    }

    @Override
    protected void removeDirectory(Path dir) {
        remove(dir);
    }

    @Override
    public Path createSnapshot(String name) {
        Path snapshot = layout.snapshotPath(name);
        copy(dataDir(), snapshot, ReflinkProvider::syncFileSystem);
        return snapshot;
    }

    /** {@code cp} is not atomic: the clone's server must be stopped while this runs. */
    @Override
    public Path createSnapshotOfClone(String cloneId, String name, Consumer<Path> beforePublish) {
        Path snapshot = layout.snapshotPath(name);
        copy(layout.existingClone(cloneId), snapshot, copy -> {
            PoolLayout.deleteLockFile(copy);
            PoolLayout.giveTreeToPostgres(copy);
            beforePublish.accept(copy);
            syncFileSystem(copy);
        });
        return snapshot;
    }

    /** A snapshot must be on disk before it gets its name; cp leaves its writes in the page cache. */
    private static void syncFileSystem(Path copy) {
        Command.of("sync", "-f", copy.toString()).check();
    }

    @Override
    public void deleteSnapshot(String name) {
        remove(layout.snapshotPath(name));
    }

    @Override
    public Path createClone(String snapshotName, String cloneId) {
        Path snapshot = layout.existingSnapshot(snapshotName);
        Path clone = layout.clonePath(cloneId);
        copy(snapshot, clone);
        return clone;
    }

    @Override
    public void deleteClone(String cloneId) {
        remove(layout.clonePath(cloneId));
    }

    /**
     * Copies into a dot-named directory first and renames it into place, so that a copy cut short
     * (by a full disk, say) is never listed as a snapshot or clone.
     */
    private void copy(Path source, Path target) {
        copy(source, target, partial -> { });
    }

    /** Copies as above; {@code beforePublish} may still change the copy before it gets its name. */
    private void copy(Path source, Path target, java.util.function.Consumer<Path> beforePublish) {
        if (PoolLayout.exists(target)) {
            throw new IllegalStateException(target + " already exists");
        }
        Path partial = target.resolveSibling("." + target.getFileName() + ".partial");
        remove(partial);
        try {
            Command.of("cp", "-a", "--reflink=auto", "--", source.toString(), partial.toString()).check();
            beforePublish.accept(partial);
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            remove(partial);
            throw new UncheckedIOException("cannot move " + partial + " to " + target + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            remove(partial);
            throw e;
        } finally {
            usage.invalidate();
        }
    }

    /** Deletes a copy; one that is already gone is fine. */
    private void remove(Path path) {
        Command.of("rm", "-rf", "--one-file-system", "--", path.toString()).check();
        usage.invalidate();
    }

    /** Tries a real reflink copy in the pool: only that tells whether this file system shares blocks. */
    private boolean reflinksWork() {
        Path probe = null;
        Path copy = null;
        try {
            probe = Files.createTempFile(root(), ".reflink-probe-", "");
            copy = probe.resolveSibling(probe.getFileName() + ".copy");
            Files.write(probe, new byte[4096]);
            return Command.of("cp", "--reflink=always", "--", probe.toString(), copy.toString()).run().ok();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write in pool " + name + " at " + root() + ": " + e.getMessage(), e);
        } finally {
            deleteQuietly(probe);
            deleteQuietly(copy);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            if (file != null) {
                Files.deleteIfExists(file);
            }
        } catch (IOException ignored) {
            // a leftover probe file is harmless: it is a dot file, never listed
        }
    }
}
