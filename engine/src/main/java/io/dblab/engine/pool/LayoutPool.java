package io.dblab.engine.pool;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What every pool provider shares: the {@link PoolLayout} of data, snapshots and clones, and sizes
 * measured by a {@link SpaceMeter} that the provider picks when it opens, cached briefly so that
 * status requests stay cheap. Subclasses make and delete the copies.
 */
abstract class LayoutPool implements PoolProvider {
    private static final Duration USAGE_MAX_AGE = Duration.ofSeconds(2);

    protected final String name;
    protected final PoolLayout layout;
    protected final UsageCache usage;
    private volatile SpaceMeter meter;

    protected LayoutPool(String name, Path root) {
        this.name = name;
        this.layout = new PoolLayout(name, root.toAbsolutePath().normalize());
        this.usage = new UsageCache(this::measureAllCopies, USAGE_MAX_AGE);
    }

    /** Whether copies share blocks with what they were copied from. */
    protected abstract boolean sharedCopies();

    /** Sets how sizes are measured from now on (chosen in open(), when the file system is known). */
    protected void measureWith(SpaceMeter spaceMeter) {
        this.meter = spaceMeter;
        usage.invalidate();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Path root() {
        return layout.root();
    }

    @Override
    public Path dataDir() {
        return layout.dataDir();
    }

    @Override
    public List<String> listSnapshots() {
        return layout.snapshots();
    }

    @Override
    public Path snapshotPath(String snapshotName) {
        return layout.snapshotPath(snapshotName);
    }

    @Override
    public List<String> listClones() {
        return layout.clones();
    }

    @Override
    public Path clonePath(String cloneId) {
        return layout.clonePath(cloneId);
    }

    @Override
    public long cloneDiffSize(String cloneId) {
        return usage.of(layout.existingClone(cloneId)).exclusive();
    }

    @Override
    public SnapshotSize snapshotSize(String snapshotName) {
        SpaceUsage snapshot = usage.of(layout.existingSnapshot(snapshotName));
        return new SnapshotSize(snapshot.exclusive(), snapshot.total());
    }

    @Override
    public FileSystemStats stats() {
        return PoolStatistics.collect(mode(), layout, usage.all(), sharedCopies());
    }

    private Map<Path, SpaceUsage> measureAllCopies() {
        SpaceMeter current = meter;
        if (current == null) {
            throw new IllegalStateException("pool " + name + " is not open");
        }
        return current.measure(layout.allCopies());
    }
}
