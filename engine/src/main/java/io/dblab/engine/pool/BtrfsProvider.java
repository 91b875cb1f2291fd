package io.dblab.engine.pool;

import io.dblab.engine.EngineStartException;
import io.dblab.pg.process.Command;
import io.dblab.pg.process.CommandResult;
import io.dblab.pg.process.OsUser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A pool on btrfs: {@code data} is a subvolume, snapshots are read-only snapshots of it and clones
 * writable snapshots of those, so each copy costs only the blocks it changes. The file system is
 * either one mounted at the root already, or an image file the engine creates and loop-mounts.
 */
public final class BtrfsProvider extends LayoutPool {
    private static final Logger log = LoggerFactory.getLogger(BtrfsProvider.class);

    private final LoopImage image;
    private final long imageSize;
    private final boolean unmountOnStop;
    private final boolean quotas;
    /** Whether open() mounted the image: close() only ever unmounts what this provider mounted. */
    private boolean mountedByUs;

    /**
     * @param imageFile the image to mount at the root when it is not a btrfs mount already, or null
     * @param imageSize bytes for a new image
     * @param quotas     measure sizes with quota groups (enabled on the pool's file system), or turn
     *                   them off there and measure with {@code btrfs filesystem du}
     */
    public BtrfsProvider(String name, Path root, Path imageFile, long imageSize, boolean unmountOnStop,
                         boolean quotas) {
        super(name, root);
        this.image = imageFile == null ? null : new LoopImage(imageFile);
        this.imageSize = imageSize;
        this.unmountOnStop = unmountOnStop;
        this.quotas = quotas;
    }

    @Override
    public String mode() {
        return "btrfs";
    }

    /** btrfs snapshots share every block they do not change, always. */
    @Override
    protected boolean sharedCopies() {
        return true;
    }

    @Override
    public synchronized void open() {
        requireTool("btrfs");
        if (!usableAsIs()) {
            mountImage();
        }
        try {
            if (image != null && image.exists()) {
                image.restrictToRoot();
            }
            if (!PoolLayout.exists(dataDir())) {
                createDataDir();
            } else if (!Subvolumes.isSubvolume(dataDir())) {
                throw new EngineStartException("pool " + name + ": " + dataDir() + " exists but is not a btrfs subvolume",
                        "move it away so that the pool can create its data subvolume");
            }
            layout.createCopyDirs();
            measureWith(chooseMeter());
        } catch (RuntimeException e) {
            releaseMount();
            throw e;
        }
    }

    /**
     * A btrfs mount at the root is used as it is. Without an image to mount, any btrfs directory is
     * fine too (say, a directory on a btrfs root file system).
     */
    private boolean usableAsIs() {
        if ("btrfs".equals(mountedFileSystemType(root()))) {
            return true;
        }
        return image == null && Files.isDirectory(root()) && "btrfs".equals(layout.fileSystemType());
    }

    private void mountImage() {
        if (image == null) {
            throw new EngineStartException("pool " + name + ": " + root() + " is not on btrfs and no imageFile is"
                    + " configured to create one", "mount a btrfs file system there, set imageFile, or use provider: reflink");
        }
        if (!OsUser.isRoot()) {
            throw new EngineStartException("pool " + name + ": mounting the image " + image.file() + " needs root",
                    "run the engine as root, mount a btrfs file system at " + root() + ", or use provider: reflink");
        }
        if (!image.exists()) {
            requireTool("mkfs.btrfs");
            log.info("pool {}: creating a {}-byte btrfs image at {}", name, imageSize, image.file());
            image.createBtrfs(imageSize);
        }
        String device = image.attach();
        try {
            createMountPoint();
            Command.of("mount", "-t", "btrfs", device, root().toString()).check();
        } catch (RuntimeException e) {
            image.detach(device);
            throw e;
        }
        mountedByUs = true;
        log.info("pool {}: mounted {} ({}) at {}", name, image.file(), device, root());
    }

    /**
     * Fails the start with the package to install when a btrfs tool is missing, rather than with the
     * error of the first command that needs it, somewhere in the middle of opening the pool.
     */
    private void requireTool(String command) {
        if (!Executables.onPath(command)) {
            throw new EngineStartException("pool " + name + " is a btrfs pool, but there is no " + command
                    + " command on the PATH", "install btrfs-progs (apt-get install btrfs-progs), or use provider: reflink");
        }
    }

    private void createMountPoint() {
        try {
            Files.createDirectories(root());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the mount point " + root() + ": " + e.getMessage(), e);
        }
    }

    private SpaceMeter chooseMeter() {
        if (!quotas) {
            // quota groups make every write into a block shared with a snapshot slower (see
            // bench/run-cow-write-bench.sh): the cost of a promoted copy's checkpoint and of clones' writes
            Command.of("btrfs", "quota", "disable", root().toString()).check();
            log.info("pool {}: btrfs quotas are off; measuring with btrfs filesystem du", name);
            return new BtrfsDuMeter(root());
        }
        try {
            return QgroupMeter.enable(root(), dataDir());
        } catch (RuntimeException e) {
            log.warn("pool {}: btrfs quotas are not available ({}); measuring with btrfs filesystem du, which is slower",
                    name, e.getMessage());
            return new BtrfsDuMeter(root());
        }
    }

    @Override
    public synchronized void close() {
        stopMeasuring();
        if (unmountOnStop) {
            releaseMount();
        }
    }

    /** Unmounts and detaches the image when this provider mounted it; leaves others' mounts alone. */
    private void releaseMount() {
        if (!mountedByUs) {
            return;
        }
        // -R: the ID-mapped mounts of clones whose servers are stopped lie inside the pool
        Command.of("umount", "-R", root().toString()).check();
        image.attachedDevices().forEach(image::detach);
        mountedByUs = false;
        log.info("pool {}: unmounted {} from {}", name, image.file(), root());
    }

    /**
     * Waits for the cleaner to free deleted subvolumes, commits, and trims the free space. The
     * image's loop device punches holes for trimmed blocks, so the image file no longer holds them;
     * btrfs's own asynchronous discard would do so only minutes later.
     */
    @Override
    public void discardFreedBlocks() {
        awaitDeletedSubvolumesFreed();
        Command.of("btrfs", "filesystem", "sync", root().toString()).check();
        CommandResult trim = Command.of("fstrim", root().toString()).timeout(Duration.ofHours(1)).run();
        if (!trim.ok()) {
            log.warn("pool {}: freed blocks were not discarded, so the device still holds what they held"
                    + " until they are reused: {}", name, trim.diagnostics());
        }
    }

    /**
     * btrfs frees a deleted subvolume's blocks in the background: the new copy that a refresh
     * writes next would otherwise need room for the old one too, and a pool sized for one copy ran
     * out of space. The wait is for the cleaner, not for I/O of the new data.
     */
    @Override
    public synchronized void resetDataDir() {
        super.resetDataDir();
        awaitDeletedSubvolumesFreed();
    }

    /**
     * The cleaner that frees deleted subvolumes wakes after a transaction commit, which btrfs makes on
     * its own only every 30 s (the commit interval): a commit first makes the wait that of the
     * cleaner's work (36 ms for a 200 MB subvolume here, against 31 s without it).
     */
    private void awaitDeletedSubvolumesFreed() {
        Command.of("btrfs", "filesystem", "sync", root().toString()).check();
        Command.of("btrfs", "subvolume", "sync", root().toString()).timeout(Duration.ofHours(1)).check();
    }

    @Override
    protected void createDirectory(Path dir) {
        Subvolumes.create(dir);
    }

    @Override
    protected void copyDirectory(Path source, Path target) {
        Subvolumes.snapshot(source, target, false);
    }

    @Override
    protected void removeDirectory(Path dir) {
        Subvolumes.delete(dir);
    }

    /** Durable without a sync: btrfs writes the source's dirty data out and commits to take a snapshot. */
    @Override
    public Path createSnapshot(String name) {
        Path snapshot = layout.snapshotPath(name);
        Subvolumes.snapshot(dataDir(), snapshot, true);
        usage.invalidate();
        return snapshot;
    }

    /**
     * A btrfs snapshot is atomic, so this is safe while the clone's server runs. It is taken
     * writable, cleared of the server's lock file, and only then made read-only.
     */
    @Override
    public Path createSnapshotOfClone(String cloneId, String name, Consumer<Path> beforePublish) {
        Path clone = layout.existingClone(cloneId);
        Path snapshot = layout.snapshotPath(name);
        Subvolumes.snapshot(clone, snapshot, false);
        try {
            PoolLayout.deleteLockFile(snapshot);
            beforePublish.accept(snapshot);
            Subvolumes.makeReadOnly(snapshot);
        } catch (RuntimeException e) {
            Subvolumes.delete(snapshot);
            throw e;
        } finally {
            usage.invalidate();
        }
        return snapshot;
    }

    @Override
    public boolean atomicSnapshots() {
        return true;
    }

    @Override
    public void deleteSnapshot(String name) {
        Subvolumes.delete(layout.snapshotPath(name));
        usage.invalidate();
    }

    @Override
    public Path createClone(String snapshotName, String cloneId) {
        Path snapshot = layout.existingSnapshot(snapshotName);
        Path clone = layout.clonePath(cloneId);
        Subvolumes.snapshot(snapshot, clone, false);
        usage.invalidate();
        return clone;
    }

    @Override
    public void deleteClone(String cloneId) {
        Subvolumes.delete(layout.clonePath(cloneId));
        usage.invalidate();
    }

    /** The type of the file system mounted exactly at {@code path}, or null when nothing is mounted there. */
    private static String mountedFileSystemType(Path path) {
        CommandResult result = Command.of("findmnt", "-n", "-o", "FSTYPE", "--mountpoint", path.toString()).run();
        if (!result.ok()) {
            return null;
        }
        // mounts can be stacked at one point; the last one listed is the one in view
        List<String> types = result.output().strip().lines().toList();
        return types.isEmpty() ? null : types.get(types.size() - 1).strip();
    }
}
