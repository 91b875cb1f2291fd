package io.dblab.engine.pool;

import io.dblab.engine.schedule.Alerts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * What every pool provider shares: the {@link PoolLayout} of data, snapshots and clones, and sizes
 * measured by a {@link SpaceMeter} that the provider picks when it opens, cached briefly so that
 * status requests stay cheap. Subclasses make and delete the copies.
 */
abstract class LayoutPool implements PoolProvider {
    /** Sizes shown are at most this old (plus a measurement's time) while something asks for them. */
    private static final Duration USAGE_MAX_AGE = Duration.ofSeconds(10);
    /** A change to the copies has them measured again, but not more often than this. */
    private static final Duration USAGE_MIN_INTERVAL = Duration.ofSeconds(3);
    /** The cluster template lives in the pool root under a dot name: never a snapshot or a clone. */
    private static final String TEMPLATE_PREFIX = ".cluster-template-";

    protected final String name;
    protected final PoolLayout layout;
    protected final UsageCache usage;
    private volatile SpaceMeter meter;

    protected LayoutPool(String name, Path root) {
        this.name = name;
        this.layout = new PoolLayout(name, root.toAbsolutePath().normalize());
        this.usage = new UsageCache(name, this::measureAllCopies, USAGE_MAX_AGE, USAGE_MIN_INTERVAL);
    }

    /** Whether copies share blocks with what they were copied from. */
    protected abstract boolean sharedCopies();

    /** A new empty directory of the kind this pool copies (a btrfs subvolume, a plain directory). */
    protected abstract void createDirectory(Path dir);

    /** A writable copy of {@code source} at {@code target}, which must not exist. */
    protected abstract void copyDirectory(Path source, Path target);

    /** Removes a directory made by {@link #createDirectory} or {@link #copyDirectory}; a missing one is fine. */
    protected abstract void removeDirectory(Path dir);

    @Override
    public synchronized void resetDataDir() {
        removeDirectory(dataDir());
        createDataDir();
        usage.invalidate();
    }

    /** An empty main data directory, owned by the postgres OS user, mode 0700. */
    protected void createDataDir() {
        createDirectory(dataDir());
        PoolLayout.restrictToPostgres(dataDir());
    }

    /**
     * The template is made under a partial name and renamed when {@code initdb} has finished, so a
     * template cut short is never used; templates of other versions and partial ones are removed.
     */
    @Override
    public synchronized void resetDataDirToCluster(String version, Consumer<Path> initdb) {
        Path template = root().resolve(TEMPLATE_PREFIX + version.replaceAll("[^A-Za-z0-9._-]", "_"));
        if (!PoolLayout.exists(template)) {
            removeTemplates();
            Path partial = template.resolveSibling(template.getFileName() + ".partial");
            createDirectory(partial);
            PoolLayout.restrictToPostgres(partial);
            initdb.accept(partial);
            try {
                Files.move(partial, template);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot rename " + partial + " to " + template + ": " + e.getMessage(), e);
            }
        }
        removeDirectory(dataDir());
        copyDirectory(template, dataDir());
        usage.invalidate();
    }

    private void removeTemplates() {
        try (Stream<Path> entries = Files.list(root())) {
            entries.filter(entry -> entry.getFileName().toString().startsWith(TEMPLATE_PREFIX)).forEach(this::removeDirectory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + root() + ": " + e.getMessage(), e);
        }
    }

    /** Before the pool's file system goes away: no measurement may hold it busy then. */
    protected void stopMeasuring() {
        usage.stop();
    }

    /** Sets how sizes are measured from now on (chosen in open(), when the file system is known). */
    protected void measureWith(SpaceMeter spaceMeter) {
        this.meter = spaceMeter;
        usage.start();
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
        return usage.recent().getOrDefault(layout.existingClone(cloneId), SpaceUsage.NONE).exclusive();
    }

    @Override
    public SnapshotSize snapshotSize(String snapshotName) {
        SpaceUsage snapshot = usage.recent().getOrDefault(layout.existingSnapshot(snapshotName), SpaceUsage.NONE);
        return new SnapshotSize(snapshot.exclusive(), snapshot.total());
    }

    @Override
    public void reportSpaceMeteringTo(Alerts alerts) {
        usage.reportTo(alerts);
    }

    @Override
    public FileSystemStats stats() {
        return PoolStatistics.collect(mode(), layout, usage.recent(), sharedCopies());
    }

    @Override
    public void measureUsage() {
        usage.fresh();
    }

    private Map<Path, SpaceUsage> measureAllCopies() {
        SpaceMeter current = meter;
        if (current == null) {
            throw new IllegalStateException("pool " + name + " is not open");
        }
        return current.measure(layout.allCopies());
    }
}
