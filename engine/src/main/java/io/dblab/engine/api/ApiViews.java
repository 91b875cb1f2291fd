package io.dblab.engine.api;

import io.dblab.client.model.ApiTime;
import io.dblab.client.model.BranchProtection;
import io.dblab.client.model.BranchView;
import io.dblab.client.model.Clone;
import io.dblab.client.model.DataStateAt;
import io.dblab.client.model.LogEntry;
import io.dblab.client.model.Snapshot;
import io.dblab.client.model.Status;
import io.dblab.engine.clone.CloneService;
import io.dblab.engine.pool.PoolProvider;
import io.dblab.engine.pool.PoolRegistry;
import io.dblab.engine.snapshot.SnapshotService;
import io.dblab.engine.state.BranchRecord;
import io.dblab.engine.state.CloneRecord;
import io.dblab.engine.state.CloneStatus;
import io.dblab.engine.state.ProtectionLease;
import io.dblab.engine.state.SnapshotRecord;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Turns the engine's records into the API's JSON model. */
final class ApiViews {
    private final PoolRegistry pools;
    private final SnapshotService snapshots;
    private final CloneService clones;
    private final ProtectionLease lease;
    private final String accessHost;

    ApiViews(PoolRegistry pools, SnapshotService snapshots, CloneService clones, String accessHost) {
        this.pools = pools;
        this.snapshots = snapshots;
        this.clones = clones;
        this.lease = clones.lease();
        this.accessHost = accessHost;
    }

    Clone clone(CloneRecord c) {
        Snapshot snapshot = snapshots.list().stream().filter(s -> s.id().equals(c.snapshotId())).findFirst()
                .map(this::snapshot).orElse(null);
        String port = c.port() > 0 ? Integer.toString(c.port()) : "";
        String connStr = c.port() > 0
                ? "host=" + accessHost + " port=" + port + " user=" + c.username() + " dbname=" + c.dbName() : "";
        long diff = 0;
        long logical = snapshot == null ? 0 : snapshot.logicalSize();
        if (c.status() == CloneStatus.OK) {
            PoolProvider pool = pools.get(c.pool());
            diff = sizeOrZero(() -> pool.cloneDiffSize(c.id()));
        }
        boolean isProtected = c.protectedAt(lease.now());
        return new Clone(c.id(), snapshot, c.branch(), c.revision(), isProtected,
                isProtected ? timeOrNull(c.protectedTill()) : null,
                clones.idleDeletionTime(c).map(ApiViews::time).orElse(null), time(c.createdAt()),
                new Status(c.status().name(), c.statusMessage()),
                new Clone.Db(connStr, accessHost, port, c.username(), "", c.dbName()),
                new Clone.Metadata(diff, logical, c.cloningTimeSeconds(), c.idleLimitMinutes(clones.maxIdleMinutes()),
                        lease.defaultMinutes(), lease.maxMinutes()));
    }

    Snapshot snapshot(SnapshotRecord s) {
        PoolProvider pool = pools.get(s.pool());
        PoolProvider.SnapshotSize size;
        try {
            size = pool.snapshotSize(s.name());
        } catch (RuntimeException e) {
            size = new PoolProvider.SnapshotSize(0, 0);
        }
        List<String> clones = snapshots.clonesOf(s.id());
        boolean isProtected = s.protectedAt(lease.now());
        return new Snapshot(s.id(), time(s.createdAt()), time(s.dataStateAt()), size.physical(), size.logical(),
                s.pool(), clones.size(), clones, s.branch(), s.message(), isProtected,
                isProtected ? timeOrNull(s.protectedTill()) : null);
    }

    /** The reference marks "no parent" with {@code "-"}; its clients stop walking there. */
    BranchView branch(BranchRecord b, SnapshotRecord head) {
        BranchProtection protection = branchProtection(b);
        return new BranchView(b.name(), orDash(b.parent()), head == null ? "" : DataStateAt.format(head.dataStateAt()),
                head == null ? "" : head.id(), snapshots.list(b.name()).size(), protection.isProtected(),
                protection.protectedTill());
    }

    BranchProtection branchProtection(BranchRecord b) {
        boolean isProtected = b.protectedAt(lease.now());
        return new BranchProtection(b.name(), isProtected, isProtected ? timeOrNull(b.protectedTill()) : null);
    }

    /**
     * A snapshot as the reference's SnapshotDetails: {@code child} the snapshots made on top of it,
     * {@code branch} the branches whose head it is, {@code root} the branches that start at it.
     */
    LogEntry logEntry(SnapshotRecord s, List<BranchRecord> branches) {
        List<String> headOf = branches.stream().filter(b -> b.head().equals(s.id())).map(BranchRecord::name).toList();
        List<String> children = snapshots.list().stream().filter(other -> s.id().equals(other.parent()))
                .map(SnapshotRecord::id).toList();
        List<String> roots = branches.stream().filter(b -> forkPoint(b).filter(s.id()::equals).isPresent())
                .map(BranchRecord::name).toList();
        return new LogEntry(s.id(), orDash(s.parent()), children, headOf, roots, DataStateAt.format(s.dataStateAt()),
                s.message(), snapshots.clonesOf(s.id()), s.protectedAt(lease.now()));
    }

    /** The snapshot a branch other than main started at: the parent of its oldest commit, or its head. */
    private Optional<String> forkPoint(BranchRecord b) {
        if (BranchRecord.MAIN.equals(b.name())) {
            return Optional.empty();
        }
        List<SnapshotRecord> own = snapshots.list(b.name());
        return Optional.of(own.isEmpty() ? b.head() : own.get(own.size() - 1).parent());
    }

    private static String orDash(String value) {
        return value.isEmpty() ? "-" : value;
    }

    static String time(Instant instant) {
        return ApiTime.format(instant);
    }

    /** As {@link #time}, but unset is null: the reference leaves such fields out. */
    static String timeOrNull(Instant instant) {
        return ApiTime.formatOrNull(instant);
    }

    private static long sizeOrZero(java.util.function.LongSupplier size) {
        try {
            return size.getAsLong();
        } catch (RuntimeException e) {
            return 0;
        }
    }
}
