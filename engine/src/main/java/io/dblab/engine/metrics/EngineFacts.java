package io.dblab.engine.metrics;

import io.dblab.engine.pool.FileSystemStats;
import io.dblab.engine.state.CloneStatus;
import java.time.Instant;
import java.util.List;

/**
 * What the engine is at one moment, as the reference engine's metrics describe it: read once per
 * scrape so that all of {@link ReferenceMetrics}' figures come from the same view.
 *
 * @param statusCode the instance's status as {@code /status} gives it: 0 OK, 1 warning, 2 bad
 * @param sync       the standby's replication (physical retrieval only), else null
 */
public record EngineFacts(String instanceId, String version, String edition, Instant startedAt, int statusCode,
                          String retrievalMode, String retrievalStatus, List<Pool> pools, List<Clone> clones,
                          List<Snapshot> snapshots, int branches, Sync sync) {

    /** @param status {@code active} (it holds snapshots) or {@code empty}, as in {@code /status} */
    public record Pool(String name, String mode, String status, FileSystemStats fileSystem, int snapshots) {}

    /**
     * @param diffSize bytes the clone wrote beyond its snapshot; {@code logicalSize} its snapshot's size
     * @param usage    its server's CPU and memory; null when the clone is not {@code OK} or its server does not run
     */
    public record Clone(CloneStatus status, Instant createdAt, long diffSize, long logicalSize, boolean isProtected,
                        CloneUsage.Usage usage) {}

    public record Snapshot(Instant createdAt, Instant dataStateAt, long physicalSize, long logicalSize, int clones) {}

    /** @param lastReplayedAt commit time of the last transaction the standby replayed, or null */
    public record Sync(String status, long lagSeconds, long uptimeSeconds, Instant lastReplayedAt) {}
}
