package io.dblab.engine.retrieval;

import io.dblab.engine.audit.AuditLog;
import io.dblab.engine.webhook.EngineEvent;
import io.dblab.engine.webhook.EngineEvents;
import io.dblab.engine.error.BadRequestException;
import io.dblab.engine.pool.PoolProvider;
import io.dblab.engine.pool.PoolRegistry;
import io.dblab.engine.schedule.AlertRaised;
import io.dblab.engine.schedule.BackgroundTask;
import io.dblab.engine.schedule.CronSchedule;
import io.dblab.engine.snapshot.SnapshotService;
import io.dblab.engine.state.SnapshotRecord;
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
 * All of it runs as {@link BackgroundTask}s: a failure raises an alert (refresh_failed, snapshot_failed,
 * retention_failed, refresh_schedule_failed) until the work next succeeds, and the schedules keep going.
 */
public final class RetrievalService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RetrievalService.class);
    /** The reference's answer to a refresh while it waits for its first configuration, and what to do here. */
    public static final String AWAITING_SOURCE = "Data retrieving suspended because Retrieval state is pending:"
            + " retrieval has no source yet; give it through POST /admin/config or as retrieval.source.connStr";
    private final RetrievalMethod method;
    private final RetrievalStatus status;
    private final PoolRegistry pools;
    private final SnapshotService snapshots;
    private final AuditLog audit;
    private final EngineEvents events;
    private final int retentionLimit;
    private final CronSchedule snapshotSchedule;
    /** Guarded by this, as is {@link #armedRefresh}: {@link #rescheduleRefresh} replaces them. */
    private CronSchedule refreshSchedule;
    private BackgroundTask.Armed armedRefresh;
    /** Guarded by this: whether the schedules run; not while retrieval waits for a source. */
    private boolean started;
    /** Guarded by this: logical retrieval started without a source and waits for one. */
    private boolean awaitingSource;
    private final AtomicBoolean refreshing = new AtomicBoolean();
    private final ScheduledExecutorService worker = Executors.newSingleThreadScheduledExecutor(
            BackgroundTask.daemonThreads("retrieval"));
    /** Fills, refreshes and resumes pools; its failures are alerted by the retrieval methods (AlertRaised). */
    private final BackgroundTask refreshTask;
    private final BackgroundTask refreshScheduleTask;
    private final BackgroundTask snapshotTask;
    private final BackgroundTask retentionTask;
    private volatile Instant nextRefresh;

    /** {@code method} is null when retrieval is off (mode {@code none}); schedules may be null. */
    public RetrievalService(RetrievalMethod method, RetrievalStatus status, PoolRegistry pools, SnapshotService snapshots,
                            AuditLog audit, int retentionLimit, CronSchedule snapshotSchedule, CronSchedule refreshSchedule,
                            EngineEvents events) {
        this.method = method;
        this.status = status;
        this.pools = pools;
        this.snapshots = snapshots;
        this.audit = audit;
        this.events = events;
        this.retentionLimit = retentionLimit;
        this.snapshotSchedule = snapshotSchedule;
        this.refreshSchedule = refreshSchedule;
        this.refreshTask = new BackgroundTask("Refresh", "refresh_failed", status);
        this.refreshScheduleTask = new BackgroundTask("Scheduled refresh", "refresh_schedule_failed", status);
        this.snapshotTask = new BackgroundTask("Snapshot", "snapshot_failed", status);
        this.retentionTask = new BackgroundTask("Retention", "retention_failed", status);
    }

    /** The supervised kinds of retrieval work, by the name /metrics tags them with. */
    public Map<String, BackgroundTask> backgroundTasks() {
        return Map.of("refresh", refreshTask, "refresh_schedule", refreshScheduleTask,
                "snapshot", snapshotTask, "retention", retentionTask);
    }

    public RetrievalStatus status() {
        return status;
    }

    /**
     * At start: cleans up after refreshes the last stop interrupted; then fills the active pool if
     * it is empty, else picks its data up again, and starts the schedules. Without a source
     * (logical mode started without one) it does neither: status {@code pending} until {@link
     * #sourceChanged()} finds one.
     */
    public void start() {
        if (method == null) {
            return;
        }
        // a standby cannot resume from a data directory that an interrupted refresh left half-made
        boolean halfMade = RefreshMarker.isSet(snapshots.activePool()) && method.dataDirInUse();
        for (PoolProvider interrupted : pools.all()) {
            if (RefreshMarker.isSet(interrupted)) {
                LOG.info("a refresh of pool {} was interrupted; cleaning up after it", interrupted.name());
                method.cleanUpInterrupted(interrupted);
                RefreshMarker.clear(interrupted);
            }
        }
        synchronized (this) {
            if (!method.hasSource()) {
                awaitingSource = true;
                status.moveTo("pending");
                LOG.info("retrieval waits for a source: give it through POST /admin/config (the source connection)"
                        + " or as retrieval.source.connStr in the configuration file; the first refresh starts then");
                return;
            }
            begin(halfMade);
        }
    }

    /**
     * Called after the source settings changed ({@code POST /admin/config}): retrieval that waits
     * for a source begins once it has one, as at start, so the first refresh of an empty pool runs
     * in the background. Otherwise nothing happens: the next refresh reads the new settings.
     */
    public synchronized void sourceChanged() {
        if (!awaitingSource || !method.hasSource()) {
            return;
        }
        awaitingSource = false;
        LOG.info("retrieval has a source now; starting");
        begin(false);
    }

    /** Whether retrieval waits for a source: nothing of it runs, and a refresh is refused, until one is given. */
    private synchronized boolean awaitingSource() {
        return awaitingSource;
    }

    private void begin(boolean halfMade) {
        PoolProvider pool = snapshots.activePool();
        boolean empty = snapshots.list().stream().noneMatch(s -> s.pool().equals(pool.name()));
        if (empty || halfMade) {
            submitRefresh(pool);
        } else {
            refreshing.set(true);
            status.moveTo("pending");
            worker.execute(() -> refreshTask.run(() -> resume(pool)));
        }
        if (snapshotSchedule != null) {
            snapshotTask.on(worker, snapshotSchedule, next -> { }, this::scheduledSnapshot);
        }
        started = true;
        armRefreshSchedule();
    }

    /**
     * Replaces the refresh timetable of a running engine ({@code POST /admin/config}): the next
     * refresh of the old one is dropped (a refresh under way goes on), the new one's announced; null
     * means refreshes only on request.
     */
    public synchronized void rescheduleRefresh(CronSchedule schedule) {
        if (armedRefresh != null) {
            armedRefresh.cancel();
            armedRefresh = null;
        }
        refreshSchedule = schedule;
        nextRefresh = null;
        status.nextRefresh(null);
        if (started) {
            armRefreshSchedule();
        }
    }

    private void armRefreshSchedule() {
        if (refreshSchedule != null && method != null) {
            armedRefresh = refreshScheduleTask.on(worker, refreshSchedule, this::announceRefresh, this::scheduledRefresh);
        }
    }

    public void fullRefresh() {
        if (method == null) {
            throw new BadRequestException("retrieval is not configured (retrieval.mode is none)");
        }
        if (awaitingSource()) {
            throw new BadRequestException(AWAITING_SOURCE);
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
        Future<SnapshotRecord> result = worker.submit(() -> snapshotTask.call(() -> snapshotAndRetain(pool, "request")));
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
        // a pool was free after all: the refresh is no longer being skipped
        status.clearAlert("refresh_skipped");
        status.moveTo("pending");
        worker.execute(() -> refreshTask.run(() -> refresh(pool)));
    }

    private void refresh(PoolProvider pool) {
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
            events.publish(EngineEvent.of(EngineEvent.REFRESH_FINISHED, snapshot.id()));
            retentionTask.run(() -> applyRetention(pool));
        } catch (RuntimeException | Error e) {
            audit.record(AuditLog.ENGINE, "retrieval.refresh", pool.name(), "FAILED: " + e.getMessage());
            if (previous != pool && snapshots.list().stream().anyMatch(s -> s.pool().equals(previous.name()))) {
                resumeQuietly(previous);
            }
            throw reported(e, "Refresh of pool " + pool.name() + " failed: ");
        } finally {
            refreshing.set(false);
        }
    }

    private void resume(PoolProvider pool) {
        try {
            method.resume(pool);
            status.finished(snapshots.latest().createdAt());
        } catch (RuntimeException | Error e) {
            throw reported(e, "Cannot resume retrieval on pool " + pool.name() + ": ");
        } finally {
            refreshing.set(false);
        }
    }

    /**
     * A failure of a refresh or resume, with status {@code failed} and the {@code refresh_failed} alert
     * in place: the methods report their own failures so; anything else is reported here.
     */
    private RuntimeException reported(Throwable e, String context) {
        if (e instanceof AlertRaised && e instanceof RuntimeException alerted) {
            return alerted;
        }
        String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        status.failed(context + reason);
        if (e instanceof VirtualMachineError error) {
            throw error;
        }
        return new RetrievalFailedException(context + reason, e);
    }

    /** {@code trigger}: {@code request} (POST /snapshot) or {@code schedule}. */
    private SnapshotRecord snapshotAndRetain(PoolProvider pool, String trigger) {
        SnapshotRecord snapshot;
        try {
            snapshot = method.snapshot(pool);
        } catch (RuntimeException e) {
            audit.record(AuditLog.ENGINE, "snapshot.create", pool.name(), "FAILED: " + e.getMessage(),
                    Map.of("trigger", trigger));
            throw e;
        }
        audit.record(AuditLog.ENGINE, "snapshot.create", snapshot.id(), "OK", Map.of("trigger", trigger));
        events.publish(EngineEvent.of(EngineEvent.SNAPSHOT_CREATE, snapshot.id()));
        // the snapshot stands whether or not retention works; a retention failure has its own alert
        retentionTask.run(() -> applyRetention(pool));
        return snapshot;
    }

    private void scheduledSnapshot() {
        if (refreshing.get()) {
            LOG.info("scheduled snapshot skipped: a refresh is running");
            return;
        }
        snapshotAndRetain(snapshots.activePool(), "schedule");
    }

    private void scheduledRefresh() {
        try {
            fullRefresh();
        } catch (BadRequestException e) {
            // a refresh running, or none possible (alerted as refresh_skipped): the timetable goes on
            LOG.warn("scheduled refresh skipped: {}", e.getMessage());
        }
    }

    private void announceRefresh(Instant next) {
        nextRefresh = next;
        status.nextRefresh(next);
    }

    private void applyRetention(PoolProvider pool) {
        if (retentionLimit > 0) {
            List<String> removed = snapshots.applyRetention(pool, retentionLimit);
            if (!removed.isEmpty()) {
                LOG.info("retention removed snapshots {}", removed);
            }
            removed.forEach(id -> {
                audit.record(AuditLog.ENGINE, "snapshot.delete", id, "OK", Map.of("trigger", "retention"));
                events.publish(EngineEvent.of(EngineEvent.SNAPSHOT_DELETE, id));
            });
        }
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
