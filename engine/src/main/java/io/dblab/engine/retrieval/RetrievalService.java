package io.dblab.engine.retrieval;

import io.dblab.engine.audit.AuditLog;
import io.dblab.engine.error.BadRequestException;
import io.dblab.engine.pool.PoolProvider;
import io.dblab.engine.pool.PoolRegistry;
import io.dblab.engine.schedule.CronSchedule;
import io.dblab.engine.snapshot.SnapshotService;
import io.dblab.engine.state.SnapshotRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs retrieval work one job at a time in the background: the first fill of an empty pool at start,
 * full refreshes (on request or by {@code refresh.timetable}) into the oldest pool that has no clones,
 * so clones on the other pools keep running, and snapshots (on request or by {@code snapshotSchedule}),
 * each followed by the retention rule. Each refresh, snapshot and retention deletion is audited.
 */
public final class RetrievalService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RetrievalService.class);
    private final RetrievalMethod method;
    private final RetrievalStatus status;
    private final PoolRegistry pools;
    private final SnapshotService snapshots;
    private final AuditLog audit;
    private final int retentionLimit;
    private final CronSchedule snapshotSchedule;
    private final CronSchedule refreshSchedule;
    private final AtomicBoolean refreshing = new AtomicBoolean();
    private final ScheduledExecutorService worker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "retrieval");
        thread.setDaemon(true);
        return thread;
    });
    private volatile Instant nextRefresh;

    /** {@code method} is null when retrieval is off (mode {@code none}); schedules may be null. */
    public RetrievalService(RetrievalMethod method, RetrievalStatus status, PoolRegistry pools, SnapshotService snapshots,
                            AuditLog audit, int retentionLimit, CronSchedule snapshotSchedule, CronSchedule refreshSchedule) {
        this.method = method;
        this.status = status;
        this.pools = pools;
        this.snapshots = snapshots;
        this.audit = audit;
        this.retentionLimit = retentionLimit;
        this.snapshotSchedule = snapshotSchedule;
        this.refreshSchedule = refreshSchedule;
    }

    public RetrievalStatus status() {
        return status;
    }

    /** At start: fills the active pool if it is empty, else picks its data up again; then starts the schedules. */
    public void start() {
        if (method == null) {
            return;
        }
        PoolProvider pool = snapshots.activePool();
        // a standby cannot resume from a data directory that an interrupted refresh left half-made
        boolean halfMade = RefreshMarker.isSet(pool) && method.dataDirInUse();
        for (PoolProvider interrupted : pools.all()) {
            if (RefreshMarker.isSet(interrupted)) {
                LOG.info("a refresh of pool {} was interrupted; cleaning up after it", interrupted.name());
                method.cleanUpInterrupted(interrupted);
                RefreshMarker.clear(interrupted);
            }
        }
        boolean empty = snapshots.list().stream().noneMatch(s -> s.pool().equals(pool.name()));
        if (empty || halfMade) {
            submitRefresh(pool);
        } else {
            refreshing.set(true);
            status.moveTo("pending");
            worker.execute(() -> {
                try {
                    method.resume(pool);
                    status.finished(snapshots.latest().createdAt());
                } catch (RuntimeException e) {
                    status.failed("Cannot resume retrieval on pool " + pool.name() + ": " + e.getMessage());
                } finally {
                    refreshing.set(false);
                }
            });
        }
        scheduleNext(snapshotSchedule, this::scheduledSnapshot);
        scheduleRefresh();
    }

    public void fullRefresh() {
        if (method == null) {
            throw new BadRequestException("retrieval is not configured (retrieval.mode is none)");
        }
        if (refreshing.get()) {
            throw new BadRequestException("a refresh is already running");
        }
        submitRefresh(freePool().orElseThrow(() -> {
            status.alert("refresh_skipped", "warning",
                    "Full refresh skipped: every pool has clones; destroy them or add a pool");
            return new BadRequestException("no pool is free of clones: destroy the clones or add a pool, then refresh again");
        }));
    }

    /** Takes a snapshot of the pool's current data (waits for it). */
    public SnapshotRecord snapshot(PoolProvider pool) {
        if (method == null) {
            throw new BadRequestException("retrieval is not configured (retrieval.mode is none)");
        }
        if (refreshing.get()) {
            throw new BadRequestException("retrieval is running; take the snapshot when it has finished");
        }
        if (snapshots.list().stream().noneMatch(s -> s.pool().equals(pool.name()))) {
            throw new BadRequestException("pool '" + pool.name() + "' holds no data yet");
        }
        Future<SnapshotRecord> result = worker.submit(() -> snapshotAndRetain(pool, "request"));
        try {
            return result.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw cause instanceof RuntimeException runtime ? runtime : new IllegalStateException(cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while taking a snapshot");
        }
    }

    public boolean isRunning() {
        return refreshing.get();
    }

    public Instant nextRefresh() {
        return nextRefresh;
    }

    /** The oldest pool none of whose snapshots has clones: empty pools first, then by data age. */
    private Optional<PoolProvider> freePool() {
        List<PoolProvider> all = pools.all();
        return all.stream()
                .filter(pool -> snapshots.list().stream().filter(s -> s.pool().equals(pool.name()))
                        .allMatch(s -> snapshots.clonesOf(s.id()).isEmpty()))
                .min(Comparator.comparing(pool -> snapshots.list().stream().filter(s -> s.pool().equals(pool.name()))
                        .map(SnapshotRecord::dataStateAt).max(Comparator.naturalOrder()).orElse(Instant.EPOCH)));
    }

    private void submitRefresh(PoolProvider pool) {
        if (!refreshing.compareAndSet(false, true)) {
            throw new BadRequestException("a refresh is already running");
        }
        status.moveTo("pending");
        worker.execute(() -> {
            PoolProvider previous = snapshots.activePool();
            try {
                RefreshMarker.set(pool);
                SnapshotRecord snapshot = method.refresh(pool);
                // Only a finished refresh leaves a whole data directory. After a failed or stopped one
                // the mark stays, so that the next start cleans up and refreshes again rather than
                // resuming a standby on a half-copied directory.
                RefreshMarker.clear(pool);
                LOG.info("pool {} refreshed: {}", pool.name(), snapshot.id());
                audit.record(AuditLog.ENGINE, "retrieval.refresh", snapshot.id(), "OK");
                applyRetention(pool);
            } catch (RuntimeException e) {
                LOG.warn("refresh of pool {} failed: {}", pool.name(), e.getMessage());
                audit.record(AuditLog.ENGINE, "retrieval.refresh", pool.name(), "FAILED: " + e.getMessage());
                if (previous != pool && snapshots.list().stream().anyMatch(s -> s.pool().equals(previous.name()))) {
                    resumeQuietly(previous);
                }
            } finally {
                refreshing.set(false);
            }
        });
    }

    /** {@code trigger}: {@code request} (POST /snapshot) or {@code schedule}. */
    private SnapshotRecord snapshotAndRetain(PoolProvider pool, String trigger) {
        try {
            SnapshotRecord snapshot = method.snapshot(pool);
            audit.record(AuditLog.ENGINE, "snapshot.create", snapshot.id(), "OK", Map.of("trigger", trigger));
            applyRetention(pool);
            return snapshot;
        } catch (RuntimeException e) {
            status.alert("snapshot_failed", "error", "Snapshot of pool " + pool.name() + " failed: " + e.getMessage());
            audit.record(AuditLog.ENGINE, "snapshot.create", pool.name(), "FAILED: " + e.getMessage(),
                    Map.of("trigger", trigger));
            throw e;
        }
    }

    private void scheduledSnapshot() {
        if (refreshing.get()) {
            return;
        }
        try {
            snapshotAndRetain(snapshots.activePool(), "schedule");
        } catch (RuntimeException e) {
            LOG.warn("scheduled snapshot failed: {}", e.getMessage());
        }
    }

    private void applyRetention(PoolProvider pool) {
        if (retentionLimit > 0) {
            List<String> removed = snapshots.applyRetention(pool, retentionLimit);
            if (!removed.isEmpty()) {
                LOG.info("retention removed snapshots {}", removed);
            }
            removed.forEach(id -> audit.record(AuditLog.ENGINE, "snapshot.delete", id, "OK",
                    Map.of("trigger", "retention")));
        }
    }

    private void scheduleRefresh() {
        if (refreshSchedule == null) {
            return;
        }
        nextRefresh = refreshSchedule.next(Instant.now());
        status.nextRefresh(nextRefresh);
        worker.schedule(() -> {
            try {
                fullRefresh();
            } catch (BadRequestException e) {
                LOG.warn("scheduled refresh skipped: {}", e.getMessage());
            }
            scheduleRefresh();
        }, Duration.between(Instant.now(), nextRefresh).toMillis(), TimeUnit.MILLISECONDS);
    }

    private void scheduleNext(CronSchedule schedule, Runnable job) {
        if (schedule == null) {
            return;
        }
        Instant next = schedule.next(Instant.now());
        worker.schedule(() -> {
            job.run();
            scheduleNext(schedule, job);
        }, Duration.between(Instant.now(), next).toMillis(), TimeUnit.MILLISECONDS);
    }

    private void resumeQuietly(PoolProvider pool) {
        try {
            method.resume(pool);
        } catch (RuntimeException e) {
            LOG.warn("cannot resume pool {}: {}", pool.name(), e.getMessage());
        }
    }

    @Override
    public void close() {
        worker.shutdownNow();
        try {
            // a refresh ends by stopping its restore server and deleting its dump; the pools close after this
            if (!worker.awaitTermination(60, TimeUnit.SECONDS)) {
                LOG.warn("retrieval did not stop within 60 s; its pool may stay busy and mounted");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (method != null) {
            method.stop();
        }
    }
}
