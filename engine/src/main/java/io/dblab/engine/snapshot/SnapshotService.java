package io.dblab.engine.snapshot;

import io.dblab.engine.error.BadRequestException;
import io.dblab.engine.error.NotFoundException;
import io.dblab.engine.pool.PoolProvider;
import io.dblab.engine.pool.PoolRegistry;
import io.dblab.engine.state.CloneRecord;
import io.dblab.engine.state.SnapshotRecord;
import io.dblab.engine.state.StateStore;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** Snapshots of the pools' main data directories: listing, creation, deletion, and reconciling with the disk. */
public final class SnapshotService {
    private static final DateTimeFormatter NAME_TIME = DateTimeFormatter.ofPattern("yyyyMMddHHmmss").withZone(ZoneOffset.UTC);
    /** Suffix of the intermediate snapshot a physical snapshot starts from. */
    public static final String UNFINISHED_SUFFIX = "_pre";
    private final StateStore state;
    private final PoolRegistry pools;

    public SnapshotService(StateStore state, PoolRegistry pools) {
        this.state = state;
        this.pools = pools;
    }

    /** Newest data first. */
    public List<SnapshotRecord> list() {
        return state.snapshots().stream()
                .sorted(Comparator.comparing(SnapshotRecord::dataStateAt).thenComparing(SnapshotRecord::createdAt).reversed())
                .toList();
    }

    public SnapshotRecord get(String id) {
        return state.snapshot(id).orElseThrow(() -> new NotFoundException("snapshot '" + printable(id) + "' not found"));
    }

    /** The snapshot with the newest data, in whichever pool: new clones start from it. */
    public SnapshotRecord latest() {
        return list().stream().findFirst()
                .orElseThrow(() -> new BadRequestException("no snapshot is available yet; wait for retrieval to finish"));
    }

    /** The pool that holds the newest data (the first configured pool while all are empty). */
    public PoolProvider activePool() {
        return list().stream().findFirst().map(s -> pools.get(s.pool())).orElse(pools.all().get(0));
    }

    /**
     * Keeps the newest {@code limit} snapshots of the pool that have no clones and are not
     * protected, and deletes the older ones of that kind; returns the deleted ids.
     */
    public synchronized List<String> applyRetention(PoolProvider pool, int limit) {
        List<SnapshotRecord> removable = list().stream()
                .filter(s -> s.pool().equals(pool.name()) && !s.isProtected() && clonesOf(s.id()).isEmpty())
                .toList();
        List<String> removed = new java.util.ArrayList<>();
        for (SnapshotRecord snapshot : removable.subList(Math.min(limit, removable.size()), removable.size())) {
            pool.deleteSnapshot(snapshot.name());
            removed.add(snapshot.id());
        }
        state.removeSnapshots(removed);
        return removed;
    }

    public synchronized SnapshotRecord setProtected(String id, boolean value) {
        SnapshotRecord s = get(id);
        SnapshotRecord updated = new SnapshotRecord(s.pool(), s.name(), s.createdAt(), s.dataStateAt(), s.branch(),
                s.message(), value);
        state.putSnapshot(updated);
        return updated;
    }

    /** Snapshots the pool's main data directory, which must hold a cleanly stopped cluster. */
    public synchronized SnapshotRecord create(PoolProvider pool, Instant dataStateAt, String message) {
        String name = freeName(pool);
        pool.createSnapshot(name);
        SnapshotRecord snapshot = new SnapshotRecord(pool.name(), name, Instant.now(), dataStateAt, "main", message, false);
        state.putSnapshot(snapshot);
        return snapshot;
    }

    /** Publishes a prepared clone directory of the pool (stopped cleanly) as a snapshot. */
    public synchronized SnapshotRecord createFromClone(PoolProvider pool, String cloneId, Instant dataStateAt,
                                                       String message) {
        String name = freeName(pool);
        pool.createSnapshotOfClone(cloneId, name);
        SnapshotRecord snapshot = new SnapshotRecord(pool.name(), name, Instant.now(), dataStateAt, "main", message, false);
        state.putSnapshot(snapshot);
        return snapshot;
    }

    private String freeName(PoolProvider pool) {
        Instant now = Instant.now();
        String name = "snapshot_" + NAME_TIME.format(now);
        while (pool.listSnapshots().contains(name) || state.snapshot(pool.name() + "@" + name).isPresent()) {
            now = now.plusSeconds(1);
            name = "snapshot_" + NAME_TIME.format(now);
        }
        return name;
    }

    /** The data time of the pool's newest snapshot, or now when it has none. */
    public Instant dataStateAt(PoolProvider pool) {
        return list().stream().filter(s -> s.pool().equals(pool.name())).findFirst()
                .map(SnapshotRecord::dataStateAt).orElse(Instant.now());
    }

    public synchronized void delete(String id) {
        SnapshotRecord snapshot = get(id);
        if (snapshot.isProtected()) {
            throw new BadRequestException("snapshot '" + id + "' is protected");
        }
        List<String> users = clonesOf(id);
        if (!users.isEmpty()) {
            throw new BadRequestException("snapshot '" + id + "' has dependent clones: " + String.join(", ", users)
                    + "; destroy them first or delete with force=true");
        }
        pools.get(snapshot.pool()).deleteSnapshot(snapshot.name());
        state.removeSnapshots(List.of(id));
    }

    public List<String> clonesOf(String snapshotId) {
        return state.clones().stream().filter(c -> snapshotId.equals(c.snapshotId())).map(CloneRecord::id).toList();
    }

    /**
     * Makes the state agree with the pools: a snapshot on disk that the state does not know (made
     * just before a crash) is adopted with the time in its name; one the state lists but the disk
     * lacks is dropped.
     */
    public void reconcile() {
        Set<String> onDisk = new HashSet<>();
        for (PoolProvider pool : pools.all()) {
            for (String name : pool.listSnapshots()) {
                if (name.endsWith(UNFINISHED_SUFFIX)) {
                    // the first step of a snapshot that a crash interrupted: never published, so remove it
                    pool.deleteSnapshot(name);
                    continue;
                }
                String id = pool.name() + "@" + name;
                onDisk.add(id);
                if (state.snapshot(id).isEmpty()) {
                    Instant at = timeOf(name);
                    state.putSnapshot(new SnapshotRecord(pool.name(), name, at, at, "main", "", false));
                }
            }
        }
        Set<String> gone = state.snapshots().stream().map(SnapshotRecord::id).filter(id -> !onDisk.contains(id))
                .collect(Collectors.toSet());
        state.removeSnapshots(gone);
    }

    private static Instant timeOf(String name) {
        try {
            return NAME_TIME.parse(name.substring("snapshot_".length(), "snapshot_".length() + 14), Instant::from);
        } catch (RuntimeException e) {
            return Instant.now();
        }
    }

    private static String printable(String id) {
        String clean = id == null ? "" : id.replaceAll("\\p{Cntrl}", "?");
        return clean.length() > 120 ? clean.substring(0, 120) + "…" : clean;
    }
}
