package io.dblab.engine;

import io.dblab.engine.audit.AuditLog;
import io.dblab.engine.branch.BranchService;
import io.dblab.engine.clone.CloneService;
import io.dblab.engine.metrics.CloneUsage;
import io.dblab.engine.metrics.EngineFacts;
import io.dblab.engine.pool.PoolProvider;
import io.dblab.engine.pool.PoolRegistry;
import io.dblab.engine.retrieval.RetrievalStatus;
import io.dblab.engine.snapshot.SnapshotService;
import io.dblab.engine.state.CloneRecord;
import io.dblab.engine.state.CloneStatus;
import io.dblab.engine.state.SnapshotRecord;
import io.dblab.pg.server.LocalServer;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.IntFunction;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/** Reads {@link EngineFacts} from the live services, for the reference engine's metrics. */
final class EngineFactsReader implements Supplier<EngineFacts> {
    private static final int STATUS_OK = 0;
    private static final int STATUS_WARNING = 1;

    private final String instanceId;
    private final Instant startedAt;
    private final CloneService clones;
    private final SnapshotService snapshots;
    private final BranchService branches;
    private final PoolRegistry pools;
    private final RetrievalStatus retrieval;
    private final AuditLog audit;
    private final Supplier<Map<String, Object>> sync;
    private final IntFunction<OptionalLong> identities;
    private final CloneUsage usage = new CloneUsage();

    EngineFactsReader(String instanceId, Instant startedAt, CloneService clones, SnapshotService snapshots,
                      BranchService branches, PoolRegistry pools, RetrievalStatus retrieval, AuditLog audit,
                      Supplier<Map<String, Object>> sync, IntFunction<OptionalLong> identities) {
        this.instanceId = instanceId;
        this.startedAt = startedAt;
        this.clones = clones;
        this.snapshots = snapshots;
        this.branches = branches;
        this.pools = pools;
        this.retrieval = retrieval;
        this.audit = audit;
        this.sync = sync;
        this.identities = identities;
    }

    @Override
    public EngineFacts get() {
        List<SnapshotRecord> allSnapshots = snapshots.list();
        List<EngineFacts.Snapshot> snapshotFacts = allSnapshots.stream().map(this::snapshot).toList();
        List<CloneRecord> allClones = clones.list();
        Map<String, CloneUsage.Usage> usages = usage.measure(allClones.stream()
                .filter(c -> c.status() == CloneStatus.OK).map(this::server).toList());
        List<EngineFacts.Clone> cloneFacts = allClones.stream()
                .map(c -> clone(c, allSnapshots, usages.get(c.id()))).toList();
        return new EngineFacts(instanceId, Engine.VERSION, "community", startedAt, statusCode(),
                retrieval.view().mode(), retrieval.status(), pools.all().stream().map(p -> pool(p, allSnapshots)).toList(),
                cloneFacts, snapshotFacts, branches.list().size(), sync());
    }

    /** As {@code GET /status} decides it: retrieval that failed or alerts of level error, or a lost audit log. */
    private int statusCode() {
        boolean attention = "failed".equals(retrieval.status()) || retrieval.alertCount("error") > 0
                || audit.alert().isPresent();
        return attention ? STATUS_WARNING : STATUS_OK;
    }

    private EngineFacts.Pool pool(PoolProvider pool, List<SnapshotRecord> all) {
        List<SnapshotRecord> own = all.stream().filter(s -> s.pool().equals(pool.name())).toList();
        boolean active = own.stream().anyMatch(s -> !s.isCommit());
        return new EngineFacts.Pool(pool.name(), pool.mode(), active ? "active" : "empty", pool.stats(), own.size());
    }

    private EngineFacts.Snapshot snapshot(SnapshotRecord s) {
        PoolProvider.SnapshotSize size = snapshotSize(s);
        return new EngineFacts.Snapshot(s.createdAt(), s.dataStateAt(), size.physical(), size.logical(),
                snapshots.clonesOf(s.id()).size());
    }

    /** As the reference asks Docker for the statistics of running clones only. */
    private CloneUsage.Server server(CloneRecord c) {
        long postmaster = LocalServer.postmasterPid(pools.get(c.pool()).clonePath(c.id()));
        return new CloneUsage.Server(c.id(), postmaster, identities.apply(c.port()));
    }

    private EngineFacts.Clone clone(CloneRecord c, List<SnapshotRecord> all, CloneUsage.Usage usage) {
        long logical = all.stream().filter(s -> s.id().equals(c.snapshotId())).findFirst()
                .map(s -> snapshotSize(s).logical()).orElse(0L);
        long diff = c.status() == CloneStatus.OK ? measured(() -> pools.get(c.pool()).cloneDiffSize(c.id())) : 0;
        return new EngineFacts.Clone(c.status(), c.createdAt(), diff, logical, c.isProtected(), usage);
    }

    private PoolProvider.SnapshotSize snapshotSize(SnapshotRecord s) {
        try {
            return pools.get(s.pool()).snapshotSize(s.name());
        } catch (RuntimeException e) {
            // a copy the last measurement did not see yet (or that went meanwhile) counts as 0, as in the API
            return new PoolProvider.SnapshotSize(0, 0);
        }
    }

    private static long measured(LongSupplier size) {
        try {
            return size.getAsLong();
        } catch (RuntimeException e) {
            return 0;
        }
    }

    private EngineFacts.Sync sync() {
        Map<String, Object> view = sync.get();
        if (view == null) {
            return null;
        }
        Object status = view.get("status") instanceof Map<?, ?> s ? s.get("code") : null;
        Object replayedAt = view.get("lastReplayedLsnAt");
        return new EngineFacts.Sync(String.valueOf(status), number(view.get("replicationLag")),
                number(view.get("replicationUptime")),
                replayedAt instanceof String text && !text.isEmpty() ? Instant.parse(text) : null);
    }

    private static long number(Object value) {
        return value instanceof Number n ? n.longValue() : 0;
    }
}
