package io.dblab.engine.metrics;

import io.dblab.engine.state.CloneStatus;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reference engine's metrics (its {@code PROMETHEUS.md}: same names, types, labels and units),
 * computed from {@link EngineFacts} at each scrape. They are a collector of the Prometheus registry
 * under Micrometer rather than Micrometer gauges because Micrometer renames gauges that end in
 * {@code _total} or {@code _info} ({@code dblab_clones_total} would become {@code dblab_clones},
 * which is ours), and because label values such as a pool's status change at run time.
 * Those that only mean something with ZFS are left out (docs/operations.md#metrics); those that the
 * reference takes from Docker's container statistics come from {@code /proc} ({@link CloneUsage}).
 */
public final class ReferenceMetrics implements MultiCollector {
    private static final Logger LOG = LoggerFactory.getLogger(ReferenceMetrics.class);
    private static final List<String> RETRIEVAL_STATUSES = List.of("inactive", "pending", "failed", "refreshing",
            "renewed", "snapshotting", "finished");
    private static final List<String> POOL_STATUSES = List.of("active", "empty");

    private final Supplier<EngineFacts> facts;
    private final InstantSource clock;
    private final AtomicLong errors = new AtomicLong();
    private volatile double lastSuccess;

    public ReferenceMetrics(Supplier<EngineFacts> facts, InstantSource clock) {
        this.facts = facts;
        this.clock = clock;
    }

    @Override
    public MetricSnapshots collect() {
        long started = System.nanoTime();
        List<MetricSnapshot> out = new ArrayList<>();
        try {
            describe(facts.get(), clock.instant(), out);
            lastSuccess = clock.millis() / 1000.0;
        } catch (RuntimeException e) {
            // a scrape must still answer: the error counter and the stale success time tell the story
            out.clear();
            errors.incrementAndGet();
            LOG.warn("collecting the engine's metrics failed: {}", e.toString());
        }
        out.add(gauge("dblab_scrape_success_timestamp", "Unix timestamp of last successful metrics collection",
                lastSuccess));
        out.add(gauge("dblab_scrape_duration_seconds", "Duration of last metrics collection in seconds",
                (System.nanoTime() - started) / 1e9));
        out.add(CounterSnapshot.builder().name("dblab_scrape_errors")
                .help("Total number of errors during metrics collection")
                .dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder().value(errors.get()).build()).build());
        return new MetricSnapshots(out);
    }

    private static void describe(EngineFacts f, Instant now, List<MetricSnapshot> out) {
        out.add(gauge("dblab_instance_info", "Information about the DBLab instance (always 1)",
                List.of(point(1, "instance_id", f.instanceId(), "version", f.version(), "edition", f.edition()))));
        out.add(gauge("dblab_instance_uptime_seconds", "Time in seconds since the DBLab instance started",
                seconds(f.startedAt(), now)));
        out.add(gauge("dblab_instance_status_code", "Status code of the DBLab instance (0=OK, 1=Warning, 2=Bad)",
                f.statusCode()));
        out.add(gauge("dblab_retrieval_status", "Status of data retrieval (1=active for status)",
                RETRIEVAL_STATUSES.stream().map(s -> point(s.equals(f.retrievalStatus()) ? 1 : 0,
                        "mode", f.retrievalMode(), "status", s)).toList()));
        pools(f.pools(), out);
        clones(f.clones(), now, out);
        snapshots(f.snapshots(), f.pools(), now, out);
        out.add(gauge("dblab_branches_total", "Total number of branches", f.branches()));
        if (f.sync() != null) {
            sync(f.sync(), out);
        }
    }

    private static void pools(List<EngineFacts.Pool> pools, List<MetricSnapshot> out) {
        perPool(out, pools, "dblab_disk_total_bytes", "Total disk space in bytes", p -> p.fileSystem().size());
        perPool(out, pools, "dblab_disk_free_bytes", "Free disk space in bytes", p -> p.fileSystem().free());
        perPool(out, pools, "dblab_disk_used_bytes", "Used disk space in bytes", p -> p.fileSystem().used());
        perPool(out, pools, "dblab_disk_used_by_snapshots_bytes", "Disk space used by snapshots in bytes",
                p -> p.fileSystem().usedBySnapshots());
        perPool(out, pools, "dblab_disk_used_by_clones_bytes", "Disk space used by clones in bytes",
                p -> p.fileSystem().usedByClones());
        perPool(out, pools, "dblab_disk_data_size_bytes", "Size of the data directory in bytes",
                p -> p.fileSystem().dataSize());
        perPool(out, pools, "dblab_disk_compress_ratio", "Compression ratio of the filesystem",
                p -> p.fileSystem().compressRatio());
        out.add(gauge("dblab_pool_status", "Status of the pool (1=active for status)", pools.stream()
                .flatMap(p -> POOL_STATUSES.stream().map(s -> point(s.equals(p.status()) ? 1 : 0,
                        "pool", p.name(), "mode", p.mode(), "status", s))).toList()));
    }

    private static void clones(List<EngineFacts.Clone> clones, Instant now, List<MetricSnapshot> out) {
        out.add(gauge("dblab_clones_total", "Total number of clones", clones.size()));
        out.add(gauge("dblab_clones_by_status", "Number of clones by status", Arrays.stream(CloneStatus.values())
                .map(s -> point(clones.stream().filter(c -> c.status() == s).count(), "status", s.name())).toList()));
        out.add(gauge("dblab_clone_max_age_seconds", "Maximum age of any clone in seconds",
                clones.stream().mapToDouble(c -> seconds(c.createdAt(), now)).max().orElse(0)));
        out.add(gauge("dblab_clone_total_diff_size_bytes",
                "Total extra disk space used by all clones (sum of diffs from snapshots)",
                sum(clones, EngineFacts.Clone::diffSize)));
        out.add(gauge("dblab_clone_total_logical_size_bytes", "Total logical size of all clone data",
                sum(clones, EngineFacts.Clone::logicalSize)));
        out.add(gauge("dblab_clone_protected_count", "Number of protected clones",
                clones.stream().filter(EngineFacts.Clone::isProtected).count()));
        usage(clones.stream().map(EngineFacts.Clone::usage).filter(Objects::nonNull).toList(), out);
    }

    /** Over the clones whose servers run; CPU over those with a figure yet (see {@link CloneUsage}). */
    private static void usage(List<CloneUsage.Usage> usage, List<MetricSnapshot> out) {
        double[] cpu = usage.stream().map(CloneUsage.Usage::cpuPercent).filter(OptionalDouble::isPresent)
                .mapToDouble(OptionalDouble::getAsDouble).toArray();
        double totalCpu = Arrays.stream(cpu).sum();
        out.add(gauge("dblab_clone_total_cpu_usage_percent",
                "CPU use of all clones' servers in percent of one CPU, summed", totalCpu));
        out.add(gauge("dblab_clone_avg_cpu_usage_percent",
                "CPU use of a clone's server in percent of one CPU, averaged over the clones measured twice",
                cpu.length == 0 ? 0 : totalCpu / cpu.length));
        out.add(gauge("dblab_clone_total_memory_usage_bytes",
                "Memory of all clones' server processes in bytes (their proportional set sizes), summed",
                sum(usage, CloneUsage.Usage::memoryBytes)));
        out.add(gauge("dblab_clone_total_memory_limit_bytes",
                "Memory limits of all running clones in bytes, summed: the host's memory each, as clones have no limit",
                sum(usage, CloneUsage.Usage::memoryLimitBytes)));
    }

    private static void snapshots(List<EngineFacts.Snapshot> snapshots, List<EngineFacts.Pool> pools, Instant now,
                                  List<MetricSnapshot> out) {
        out.add(gauge("dblab_snapshots_total", "Total number of snapshots", snapshots.size()));
        perPool(out, pools, "dblab_snapshots_by_pool", "Number of snapshots by pool", EngineFacts.Pool::snapshots);
        out.add(gauge("dblab_snapshot_max_age_seconds", "Maximum age of any snapshot in seconds",
                max(snapshots, s -> seconds(s.createdAt(), now))));
        out.add(gauge("dblab_snapshot_total_physical_size_bytes", "Total physical disk space used by all snapshots",
                sum(snapshots, EngineFacts.Snapshot::physicalSize)));
        out.add(gauge("dblab_snapshot_total_logical_size_bytes", "Total logical size of all snapshot data",
                sum(snapshots, EngineFacts.Snapshot::logicalSize)));
        out.add(gauge("dblab_snapshot_max_data_lag_seconds", "Maximum data lag of any snapshot in seconds",
                max(snapshots, s -> seconds(s.dataStateAt(), now))));
        out.add(gauge("dblab_snapshot_total_num_clones", "Total number of clones across all snapshots",
                sum(snapshots, EngineFacts.Snapshot::clones)));
    }

    private static void sync(EngineFacts.Sync sync, List<MetricSnapshot> out) {
        out.add(gauge("dblab_sync_status", "Status of the sync instance (1=active for status code)",
                List.of(point(1, "status", sync.status()))));
        out.add(gauge("dblab_sync_wal_lag_seconds", "WAL replay lag in seconds for the sync instance",
                sync.lagSeconds()));
        out.add(gauge("dblab_sync_uptime_seconds", "Uptime of the sync instance in seconds", sync.uptimeSeconds()));
        out.add(gauge("dblab_sync_last_replayed_timestamp", "Unix timestamp of the last replayed transaction",
                sync.lastReplayedAt() == null ? 0 : sync.lastReplayedAt().getEpochSecond()));
    }

    private static void perPool(List<MetricSnapshot> out, List<EngineFacts.Pool> pools, String name, String help,
                                ToDoubleFunction<EngineFacts.Pool> value) {
        out.add(gauge(name, help, pools.stream().map(p -> point(value.applyAsDouble(p), "pool", p.name())).toList()));
    }

    private static <T> double sum(List<T> items, ToLongFunction<T> value) {
        return items.stream().mapToLong(value).sum();
    }

    private static <T> double max(List<T> items, ToDoubleFunction<T> value) {
        return items.stream().mapToDouble(value).max().orElse(0);
    }

    /** Seconds from {@code since} to {@code now}; 0 when it is unknown. */
    private static double seconds(Instant since, Instant now) {
        return since == null ? 0 : Duration.between(since, now).toMillis() / 1000.0;
    }

    private static GaugeDataPointSnapshot point(double value, String... labels) {
        return GaugeDataPointSnapshot.builder().labels(Labels.of(labels)).value(value).build();
    }

    private static GaugeSnapshot gauge(String name, String help, double value) {
        return gauge(name, help, List.of(point(value)));
    }

    private static GaugeSnapshot gauge(String name, String help, List<GaugeDataPointSnapshot> points) {
        GaugeSnapshot.Builder builder = GaugeSnapshot.builder().name(name).help(help);
        points.forEach(builder::dataPoint);
        return builder.build();
    }
}
