package io.dblab.engine.retrieval;

import io.dblab.engine.error.BadRequestException;
import io.dblab.engine.pool.PoolProvider;
import io.dblab.engine.pool.PoolRegistry;
import io.dblab.engine.snapshot.SnapshotService;
import io.dblab.engine.state.SnapshotRecord;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs retrieval in the background: once at start when the pool holds no snapshot yet, and on
 * {@code POST /full-refresh}, always into a pool none of whose snapshots has clones.
 */
public final class RetrievalService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RetrievalService.class);
    private final LogicalRetrieval logical;
    private final RetrievalStatus status;
    private final PoolRegistry pools;
    private final SnapshotService snapshots;
    private final AtomicBoolean running = new AtomicBoolean();
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "retrieval");
        thread.setDaemon(true);
        return thread;
    });

    /** {@code logical} is null when retrieval is off (mode {@code none}). */
    public RetrievalService(LogicalRetrieval logical, RetrievalStatus status, PoolRegistry pools, SnapshotService snapshots) {
        this.logical = logical;
        this.status = status;
        this.pools = pools;
        this.snapshots = snapshots;
    }

    public RetrievalStatus status() {
        return status;
    }

    /** At start: fills the active pool if it has no snapshot yet; otherwise the existing data stays in service. */
    public void startIfEmpty() {
        if (logical == null) {
            return;
        }
        PoolProvider pool = pools.active();
        boolean empty = snapshots.list().stream().noneMatch(s -> s.pool().equals(pool.name()));
        if (empty) {
            submit(pool);
        } else {
            status.finished(snapshots.latest().createdAt());
        }
    }

    public void fullRefresh() {
        if (logical == null) {
            throw new BadRequestException("retrieval is not configured (retrieval.mode is none)");
        }
        if (running.get()) {
            throw new BadRequestException("a refresh is already running");
        }
        PoolProvider pool = freePool().orElseThrow(() -> new BadRequestException(
                "no pool is free of clones: destroy the clones or add a pool, then refresh again"));
        submit(pool);
    }

    /** Whether a retrieval is pending or running now. */
    public boolean isRunning() {
        return running.get();
    }

    private Optional<PoolProvider> freePool() {
        List<PoolProvider> all = pools.all();
        for (int i = all.size() - 1; i >= 0; i--) {
            PoolProvider pool = all.get(i);
            boolean hasClones = snapshots.list().stream().filter(s -> s.pool().equals(pool.name()))
                    .anyMatch(s -> !snapshots.clonesOf(s.id()).isEmpty());
            if (!hasClones) {
                return Optional.of(pool);
            }
        }
        return Optional.empty();
    }

    private void submit(PoolProvider pool) {
        if (!running.compareAndSet(false, true)) {
            throw new BadRequestException("a refresh is already running");
        }
        status.moveTo("pending");
        worker.submit(() -> {
            try {
                SnapshotRecord snapshot = logical.refresh(pool);
                LOG.info("pool {} refreshed: {}", pool.name(), snapshot.id());
            } catch (RuntimeException e) {
                LOG.warn("refresh of pool {} failed: {}", pool.name(), e.getMessage());
            } finally {
                running.set(false);
            }
        });
    }

    @Override
    public void close() {
        worker.shutdownNow();
        try {
            worker.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
