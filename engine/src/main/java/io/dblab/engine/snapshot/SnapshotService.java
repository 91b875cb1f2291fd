package io.dblab.engine.snapshot;

import io.dblab.engine.error.BadRequestException;
import io.dblab.engine.pool.PoolProvider;
import io.dblab.engine.pool.PoolRegistry;
import io.dblab.engine.state.BranchRecord;
import io.dblab.engine.state.CloneRecord;
import io.dblab.engine.state.CloneStateMachine;
import io.dblab.engine.state.SnapshotRecord;
import io.dblab.engine.state.StateStore;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Snapshots: of the pools' main data directories (retrieval) and of clones (commits); listing,
 * creation, deletion, and reconciling with the disk. Every snapshot of a pool's data becomes the
 * head of {@code main}, so that {@code main} follows the newest retrieved data.
 *
 * <p>A snapshot is deleted only under its lock in the {@link CloneStateMachine}, taken before this
 * service's own monitor, so a clone being made on it waits, or makes the deletion wait.
 */
public final class SnapshotService {
    private static final DateTimeFormatter NAME_TIME = DateTimeFormatter.ofPattern("yyyyMMddHHmmss").withZone(ZoneOffset.UTC);
    /** Suffix of the intermediate snapshot a physical snapshot starts from. */
    public static final String UNFINISHED_SUFFIX = "_pre";
    private final StateStore state;
    private final CloneStateMachine machine;
    private final PoolRegistry pools;
    /** What timed protections end by. */
    private final InstantSource clock;
    /** Per pool, the time in the last name given out (see {@link #freeName}). */
    private final Map<String, Instant> lastNamed = new HashMap<>();

    public SnapshotService(StateStore state, PoolRegistry pools, InstantSource clock) {
        this.state = state;
        this.machine = state.transitions();
        this.pools = pools;
        this.clock = clock;
    }

    public SnapshotService(StateStore state, PoolRegistry pools) {
        this(state, pools, InstantSource.system());
    }

    /** Newest data first. */
    public List<SnapshotRecord> list() {
        return state.snapshots().stream()
                .sorted(Comparator.comparing(SnapshotRecord::dataStateAt).thenComparing(SnapshotRecord::createdAt).reversed())
                .toList();
    }

    /** The snapshots made on a branch (its commits; for {@code main} also the retrieved data), newest first. */
    public List<SnapshotRecord> list(String branch) {
        return list().stream().filter(s -> s.branch().equals(branch)).toList();
    }

    /** The snapshot; an unknown one is a bad request, as the reference answers for every snapshot route. */
    public SnapshotRecord get(String id) {
        return state.snapshot(id).orElseThrow(() -> new BadRequestException("snapshot '" + printable(id) + "' not found"));
    }

    /** The snapshot with the newest retrieved data, in whichever pool (commits of clones aside). */
    public SnapshotRecord latest() {
        return newestRetrieved().orElseThrow(
                () -> new BadRequestException("no snapshot is available yet; wait for retrieval to finish"));
    }

    /**
     * The pool that holds the newest retrieved data (the first configured pool while all are
     * empty). A commit's data time is the time of the commit, so commits do not count here.
     */
    public PoolProvider activePool() {
        return newestRetrieved().map(s -> pools.get(s.pool())).orElse(pools.all().get(0));
    }

    /**
     * Keeps the newest {@code limit} snapshots of retrieved data in the pool that have no clones
     * and are not protected, and deletes the older ones of that kind, except those branches need
     * (a branch's head, or the parent of a commit); returns the deleted ids. Commits are left to
     * their branches: they go when their branch is deleted.
     */
    public List<String> applyRetention(PoolProvider pool, int limit) {
        List<SnapshotRecord> removable = list().stream()
                .filter(s -> s.pool().equals(pool.name()) && !s.isCommit() && !s.protectedAt(clock.instant())
                        && clonesOf(s.id()).isEmpty())
                .toList();
        List<String> removed = new ArrayList<>();
        for (SnapshotRecord snapshot : removable.subList(Math.min(limit, removable.size()), removable.size())) {
            machine.locked(CloneStateMachine.snapshotKey(snapshot.id()), () -> {
                synchronized (this) {
                    // a clone may have been made on it since the list was taken
                    if (isHeadOrParent(snapshot.id()) || !clonesOf(snapshot.id()).isEmpty()) {
                        return;
                    }
                    pool.deleteSnapshot(snapshot.name());
                    state.removeSnapshots(List.of(snapshot.id()));
                    removed.add(snapshot.id());
                }
            });
        }
        return removed;
    }

    /** Protects the snapshot until {@code till} (null: until unprotected), or lifts its protection. */
    public synchronized SnapshotRecord setProtected(String id, boolean value, Instant till) {
        SnapshotRecord updated = get(id).withProtection(value, till);
        state.putSnapshot(updated);
        return updated;
    }

    /** The snapshot a branch's head points at, when the branch exists and has one. */
    public Optional<SnapshotRecord> head(String branch) {
        return state.branch(branch).map(BranchRecord::head).flatMap(state::snapshot);
    }

    /** Snapshots the pool's main data directory, which must hold a cleanly stopped cluster. */
    public synchronized SnapshotRecord create(PoolProvider pool, Instant dataStateAt, String message) {
        String name = freeName(pool);
        pool.createSnapshot(name);
        SnapshotRecord snapshot = new SnapshotRecord(pool.name(), name, Instant.now(), dataStateAt,
                BranchRecord.MAIN, message, false, "");
        state.putSnapshotAsHead(snapshot);
        return snapshot;
    }

    /** Publishes a prepared clone directory of the pool (stopped cleanly) as a snapshot of retrieved data. */
    public synchronized SnapshotRecord createFromClone(PoolProvider pool, String cloneId, Instant dataStateAt,
                                                       String message) {
        String name = freeName(pool);
        pool.createSnapshotOfClone(cloneId, name);
        SnapshotRecord snapshot = new SnapshotRecord(pool.name(), name, Instant.now(), dataStateAt,
                BranchRecord.MAIN, message, false, "");
        state.putSnapshotAsHead(snapshot);
        return snapshot;
    }

    /**
     * Commits a clone's data directory as a new snapshot on the clone's branch, on top of the
     * branch's head, and moves the head to it. The caller makes the directory safe to copy (a
     * checkpoint, or a stopped server when the pool's snapshots are not atomic).
     */
    public synchronized SnapshotRecord commit(PoolProvider pool, CloneRecord clone, String message) {
        BranchRecord branch = state.branch(clone.branch()).orElseThrow(() -> new BadRequestException(
                "branch '" + clone.branch() + "' of clone '" + clone.id() + "' not found"));
        // a branch whose head was lost still has a line: the commit continues from the clone's snapshot
        String parent = state.snapshot(branch.head()).isPresent() ? branch.head() : clone.snapshotId();
        String name = freeName(pool);
        Instant now = Instant.now();
        SnapshotRecord snapshot = new SnapshotRecord(pool.name(), name, now, now, branch.name(), message, false, parent);
        // Recorded before the copy exists: after a crash in between, reconcile drops a record
        // without data, whereas a copy without a record would be adopted as retrieved data of main.
        state.putSnapshot(snapshot);
        try {
            // the clone's own snapshot holds configuration the engine trusts (retrieved, or a commit reset so)
            Path configFrom = pool.snapshotPath(get(clone.snapshotId()).name());
            pool.createSnapshotOfClone(clone.id(), name, copy -> CommitConfig.takeFrom(configFrom, copy));
        } catch (RuntimeException e) {
            state.removeSnapshots(List.of(snapshot.id()));
            throw e;
        }
        state.putSnapshotAsHead(snapshot);
        return snapshot;
    }

    /** The data time of the pool's newest snapshot of retrieved data, or now when it has none. */
    public Instant dataStateAt(PoolProvider pool) {
        return list().stream().filter(s -> s.pool().equals(pool.name()) && !s.isCommit()).findFirst()
                .map(SnapshotRecord::dataStateAt).orElse(Instant.now());
    }

    /**
     * Refuses to delete a snapshot that branches depend on: the parent of another snapshot (a
     * branch's log runs through it) or the head of a branch. The head of {@code main} is the
     * exception when it is retrieved data: {@code main} then falls back to the next newest one.
     * Clones are not checked here; see {@link #delete}.
     */
    public void checkDeletable(String id) {
        SnapshotRecord snapshot = get(id);
        if (snapshot.protectedAt(clock.instant())) {
            throw new BadRequestException("snapshot '" + id + "' is protected");
        }
        List<String> children = state.snapshots().stream().filter(s -> id.equals(s.parent()))
                .map(SnapshotRecord::id).sorted().toList();
        if (!children.isEmpty()) {
            throw new BadRequestException("snapshot '" + id + "' is the parent of " + String.join(", ", children)
                    + "; delete the branches made on top of it first");
        }
        List<String> heads = state.branches().stream().filter(b -> id.equals(b.head()))
                .filter(b -> !(BranchRecord.MAIN.equals(b.name()) && !snapshot.isCommit()))
                .map(BranchRecord::name).sorted().toList();
        if (!heads.isEmpty()) {
            throw new BadRequestException("snapshot '" + id + "' is the head of branch " + String.join(", ", heads)
                    + "; delete the branch first");
        }
    }

    /** Deletes a snapshot that nothing depends on: no branch (see {@link #checkDeletable}) and no clone. */
    public void delete(String id) {
        machine.locked(CloneStateMachine.snapshotKey(id), () -> {
            synchronized (this) {
                checkDeletable(id);
                List<String> users = clonesOf(id);
                if (!users.isEmpty()) {
                    throw new BadRequestException("snapshot '" + id + "' has dependent clones: "
                            + String.join(", ", users) + "; destroy them first or delete with force=true");
                }
                SnapshotRecord snapshot = get(id);
                pools.get(snapshot.pool()).deleteSnapshot(snapshot.name());
                state.removeSnapshots(List.of(id));
                if (state.branch(BranchRecord.MAIN).map(b -> id.equals(b.head())).orElse(false)) {
                    state.setHead(BranchRecord.MAIN, newestRetrieved().map(SnapshotRecord::id).orElse(""));
                }
            }
        });
    }

    public List<String> clonesOf(String snapshotId) {
        return state.clones().stream().filter(c -> snapshotId.equals(c.snapshotId())).map(CloneRecord::id).toList();
    }

    /**
     * Makes the state agree with the pools: a snapshot on disk that the state does not know (made
     * just before a crash) is adopted with the time in its name; one the state lists but the disk
     * lacks is dropped, and a branch whose head it was goes back to the nearest snapshot it has
     * ({@code main}, when it has none, to the newest retrieved data).
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
                    state.putSnapshot(new SnapshotRecord(pool.name(), name, at, at, BranchRecord.MAIN, "", false, ""));
                }
            }
        }
        Map<String, SnapshotRecord> gone = new HashMap<>();
        state.snapshots().stream().filter(s -> !onDisk.contains(s.id())).forEach(s -> gone.put(s.id(), s));
        state.removeSnapshots(gone.keySet());
        repairHeads(gone);
    }

    private void repairHeads(Map<String, SnapshotRecord> gone) {
        for (BranchRecord branch : state.branches()) {
            String head = branch.head();
            for (int step = 0; !head.isEmpty() && state.snapshot(head).isEmpty() && step <= gone.size(); step++) {
                SnapshotRecord lost = gone.get(head);
                head = lost == null ? "" : lost.parent();
            }
            if (state.snapshot(head).isEmpty()) {
                head = "";
            }
            if (BranchRecord.MAIN.equals(branch.name()) && head.isEmpty()) {
                head = newestRetrieved().map(SnapshotRecord::id).orElse("");
            }
            if (!head.equals(branch.head())) {
                state.setHead(branch.name(), head);
            }
        }
    }

    private Optional<SnapshotRecord> newestRetrieved() {
        return list().stream().filter(s -> !s.isCommit()).findFirst();
    }

    private boolean isHeadOrParent(String id) {
        return state.branches().stream().anyMatch(b -> id.equals(b.head()))
                || state.snapshots().stream().anyMatch(s -> id.equals(s.parent()));
    }

    /**
     * {@code snapshot_<UTC time>}, a second later while the name is taken, and never at or before the
     * pool's newest name or one given out before: without that, a snapshot made in the second of one
     * just deleted got the deleted one's id (which clients and the audit log still hold), and one made
     * after a deletion could get an id older than existing snapshots'.
     */
    private String freeName(PoolProvider pool) {
        Instant floor = state.snapshots().stream().filter(s -> s.pool().equals(pool.name()))
                .map(s -> nameTime(s.name())).flatMap(Optional::stream)
                .reduce(lastNamed.getOrDefault(pool.name(), Instant.EPOCH), (a, b) -> a.isAfter(b) ? a : b);
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        if (!now.isAfter(floor)) {
            now = floor.plusSeconds(1);
        }
        String name = "snapshot_" + NAME_TIME.format(now);
        while (pool.listSnapshots().contains(name) || state.snapshot(pool.name() + "@" + name).isPresent()) {
            now = now.plusSeconds(1);
            name = "snapshot_" + NAME_TIME.format(now);
        }
        lastNamed.put(pool.name(), now);
        return name;
    }

    /** The time in a name {@code snapshot_YYYYMMDDHHMMSS}; empty for other names. */
    private static Optional<Instant> nameTime(String name) {
        if (!name.matches("snapshot_\\d{14}")) {
            return Optional.empty();
        }
        return Optional.of(timeOf(name));
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
