package io.dblab.engine.api;

import io.dblab.client.model.BranchView;
import io.dblab.client.model.Clone;
import io.dblab.client.model.LogEntry;
import io.dblab.client.model.Snapshot;
import io.dblab.client.model.Status;
import io.dblab.engine.pool.PoolProvider;
import io.dblab.engine.pool.PoolRegistry;
import io.dblab.engine.snapshot.SnapshotService;
import io.dblab.engine.state.BranchRecord;
import io.dblab.engine.state.CloneRecord;
import io.dblab.engine.state.CloneStatus;
import io.dblab.engine.state.SnapshotRecord;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/** Turns the engine's records into the API's JSON model. */
final class ApiViews {
    private final PoolRegistry pools;
    private final SnapshotService snapshots;
    private final String accessHost;
    private final int maxIdleMinutes;

    ApiViews(PoolRegistry pools, SnapshotService snapshots, String accessHost, int maxIdleMinutes) {
        this.pools = pools;
        this.snapshots = snapshots;
        this.accessHost = accessHost;
        this.maxIdleMinutes = maxIdleMinutes;
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
        return new Clone(c.id(), snapshot, c.branch(), c.isProtected(), time(c.createdAt()),
                new Status(c.status().name(), c.statusMessage()),
                new Clone.Db(connStr, accessHost, port, c.username(), "", c.dbName()),
                new Clone.Metadata(diff, logical, c.cloningTimeSeconds(), maxIdleMinutes));
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
        return new Snapshot(s.id(), time(s.createdAt()), time(s.dataStateAt()), size.physical(), size.logical(),
                s.pool(), clones.size(), clones, s.branch(), s.message(), s.isProtected());
    }

    /** The reference marks "no parent" with {@code "-"}; its clients stop walking there. */
    BranchView branch(BranchRecord b, SnapshotRecord head) {
        return new BranchView(b.name(), orDash(b.parent()), head == null ? "" : time(head.dataStateAt()),
                head == null ? "" : head.id(), snapshots.list(b.name()).size());
    }

    LogEntry logEntry(SnapshotRecord s, List<BranchRecord> branches) {
        List<String> headOf = branches.stream().filter(b -> b.head().equals(s.id())).map(BranchRecord::name).toList();
        return new LogEntry(s.id(), orDash(s.parent()), time(s.dataStateAt()), s.message(), headOf);
    }

    private static String orDash(String value) {
        return value.isEmpty() ? "-" : value;
    }

    static String time(Instant instant) {
        return instant == null ? "" : instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    private static long sizeOrZero(java.util.function.LongSupplier size) {
        try {
            return size.getAsLong();
        } catch (RuntimeException e) {
            return 0;
        }
    }
}
