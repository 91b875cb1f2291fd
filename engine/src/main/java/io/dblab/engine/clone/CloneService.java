package io.dblab.engine.clone;

import io.dblab.client.model.CloneRequest;
import io.dblab.client.model.ResetRequest;
import io.dblab.client.model.Status;
import io.dblab.engine.audit.AuditLog;
import io.dblab.engine.error.BadRequestException;
import io.dblab.engine.error.NotFoundException;
import io.dblab.engine.metrics.EngineMetrics;
import io.dblab.engine.pool.PoolProvider;
import io.dblab.engine.pool.PoolRegistry;
import io.dblab.engine.schedule.BackgroundTask;
import io.dblab.engine.snapshot.SnapshotService;
import io.dblab.engine.state.BranchRecord;
import io.dblab.engine.state.CloneRecord;
import io.dblab.engine.state.SnapshotRecord;
import io.dblab.engine.state.StateStore;
import io.dblab.pg.auth.ScramVerifier;
import io.dblab.pg.server.LocalServer;
import io.dblab.pg.server.LoginRoles;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The clone lifecycle: create, reset and destroy run in the background after the request has been
 * checked and recorded; every step that fails undoes what it made and leaves the clone FATAL with
 * the reason, so nothing is left half-made.
 */
public final class CloneService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CloneService.class);
    /** Below this much free space in a pool a new clone is refused up front. */
    static final long MIN_FREE_BYTES = 64L * 1024 * 1024;
    private static final String ENGINE = "engine";

    private final StateStore state;
    private final PoolRegistry pools;
    private final SnapshotService snapshots;
    private final PortPool ports;
    private final ClonePostgres postgres;
    private final EngineMetrics metrics;
    private final AuditLog audit;
    private final int maxIdleMinutes;
    private final boolean keepUserPasswords;
    private final ExecutorService workers = Executors.newFixedThreadPool(8, BackgroundTask.daemonThreads("clone-worker"));

    public CloneService(StateStore state, PoolRegistry pools, SnapshotService snapshots, PortPool ports,
                        ClonePostgres postgres, EngineMetrics metrics, AuditLog audit, int maxIdleMinutes,
                        boolean keepUserPasswords) {
        this.state = state;
        this.pools = pools;
        this.snapshots = snapshots;
        this.ports = ports;
        this.postgres = postgres;
        this.metrics = metrics;
        this.audit = audit;
        this.maxIdleMinutes = maxIdleMinutes;
        this.keepUserPasswords = keepUserPasswords;
    }

    public int maxIdleMinutes() {
        return maxIdleMinutes;
    }

    public List<CloneRecord> list() {
        return state.clones().stream().sorted(Comparator.comparing(CloneRecord::createdAt)).toList();
    }

    public CloneRecord get(String id) {
        return state.clone(id).orElseThrow(() -> notFound(id));
    }

    /** Checks and records the request, then creates the clone in the background. */
    public CloneRecord create(CloneRequest request) {
        CloneRequest.DbRequest db = request.db();
        if (db == null) {
            throw new BadRequestException("missing DB credentials: 'db' with 'username' and 'password' is required");
        }
        String username = requireName(db.username(), "DB username");
        CloneUsers.requireAllowedName(username);
        PasswordPolicy.check(db.password());
        String dbName = db.dbName() == null || db.dbName().isEmpty() ? "postgres" : requireName(db.dbName(), "db_name");
        String id = request.id() == null || request.id().isEmpty() ? CloneIds.generate() : CloneIds.requireValid(request.id());
        Map<String, String> extraConf = request.extraConf() == null ? Map.of() : request.extraConf();
        postgres.checkExtraConf(extraConf);
        String branch = request.branch() == null || request.branch().isEmpty() ? null : request.branch();
        if (branch != null && state.branch(branch).isEmpty()) {
            throw new BadRequestException("branch '" + CloneIds.printable(branch) + "' not found");
        }
        // as in the reference: a snapshot id wins over the branch; with neither, the head of main
        SnapshotRecord snapshot;
        if (request.snapshot() != null && request.snapshot().id() != null && !request.snapshot().id().isEmpty()) {
            snapshot = snapshotForRequest(request.snapshot().id());
            if (branch == null) {
                branch = state.branch(snapshot.branch()).isPresent() ? snapshot.branch() : BranchRecord.MAIN;
            }
        } else {
            branch = branch == null ? BranchRecord.MAIN : branch;
            snapshot = headOf(branch);
        }
        PoolProvider pool = pools.get(snapshot.pool());
        requireSpace(pool);
        if (state.clone(id).isPresent()) {
            throw new BadRequestException("clone with id '" + id + "' already exists");
        }
        String verifier = ScramVerifier.compute(db.password());
        int port = ports.allocate();
        Instant now = Instant.now();
        CloneRecord clone = new CloneRecord(id, pool.name(), snapshot.id(), branch,
                Boolean.TRUE.equals(request.isProtected()), now, Status.CREATING, "Clone is being created.", port,
                username, verifier, Boolean.TRUE.equals(db.restricted()), dbName, extraConf, 0, now);
        if (!state.addClone(clone)) {
            ports.release(port);
            throw new BadRequestException("clone with id '" + id + "' already exists");
        }
        long started = System.nanoTime();
        workers.execute(() -> provision(id, started, "create"));
        return clone;
    }

    public CloneRecord updateProtection(String id, boolean isProtected) {
        return state.updateClone(id, c -> c.withProtected(isProtected)).orElseThrow(() -> notFound(id));
    }

    /** Resets the clone to its own snapshot, another one, or the latest; same port and user. */
    public void reset(String id, ResetRequest request) {
        boolean latest = request != null && Boolean.TRUE.equals(request.latest());
        String snapshotId = request == null ? null : request.snapshotID();
        if (latest && snapshotId != null && !snapshotId.isEmpty()) {
            throw new BadRequestException("use either snapshotID or latest, not both");
        }
        CloneRecord current = get(id);
        SnapshotRecord target = latest ? latestFor(current)
                : snapshotId != null && !snapshotId.isEmpty() ? snapshotForRequest(snapshotId)
                : snapshotForRequest(current.snapshotId());
        transition(id, Set.of(Status.OK, Status.FATAL), Status.RESETTING, "Clone is being reset.",
                c -> c.withSnapshot(target.pool(), target.id()));
        long started = System.nanoTime();
        workers.execute(() -> provision(id, started, "reset"));
    }

    public void destroy(String id) {
        CloneRecord clone = get(id);
        if (clone.isProtected() && !Status.FATAL.equals(clone.statusCode())) {
            throw new BadRequestException("clone '" + id + "' is protected; unprotect it before destroying it");
        }
        try {
            transition(id, Set.of(Status.OK, Status.FATAL), Status.DELETING, "Clone is being deleted.", c -> c);
        } catch (BadRequestException e) {
            if (state.clone(id).map(c -> Status.DELETING.equals(c.statusCode())).orElse(true)) {
                return; // another request is deleting it already, or it is gone: the caller's wish holds
            }
            throw e;
        }
        workers.execute(() -> destroyNow(id));
    }

    /** Destroys a clone in the calling thread (for forced snapshot deletion and idle cleanup). */
    public void destroyNow(String id) {
        CloneRecord clone = get(id);
        try {
            removeResources(clone);
            ports.release(clone.port());
            state.removeClone(id);
            audit.record(ENGINE, "clone.destroy", id, "OK");
        } catch (RuntimeException e) {
            LOG.warn("destroying clone {} failed: {}", id, e.getMessage());
            state.updateClone(id, c -> c.withStatus(Status.FATAL, "Deletion failed: " + e.getMessage()));
            audit.record(ENGINE, "clone.destroy", id, "FATAL: " + e.getMessage());
            throw e;
        }
    }

    /**
     * Destroys unprotected clones with no client session for longer than maxIdleMinutes; on the way,
     * a clone whose server is found dead becomes FATAL, so that its state says so.
     */
    public void destroyIdleClones() {
        if (maxIdleMinutes <= 0) {
            return;
        }
        Instant now = Instant.now();
        for (CloneRecord clone : list()) {
            if (!Status.OK.equals(clone.statusCode())) {
                continue;
            }
            if (hasClientSessions(clone)) {
                state.updateClone(clone.id(), c -> c.withLastActivity(now));
            } else if (!clone.isProtected() && clone.lastActivity().plus(Duration.ofMinutes(maxIdleMinutes)).isBefore(now)) {
                LOG.info("destroying clone {}: idle for more than {} minutes", clone.id(), maxIdleMinutes);
                try {
                    transition(clone.id(), Set.of(Status.OK), Status.DELETING, "Clone is idle; deleting.", c -> c);
                    destroyNow(clone.id());
                } catch (RuntimeException e) {
                    LOG.warn("idle clone {} was not destroyed: {}", clone.id(), e.getMessage());
                }
            }
        }
    }

    /**
     * Brings the clones in the state in line with the disk after a (re)start: finishes interrupted
     * deletions, redoes interrupted creations and resets, restarts stopped servers, and removes
     * clone directories and servers that no clone owns.
     */
    public void reconcile() {
        for (CloneRecord clone : state.clones()) {
            if (clone.port() > 0) {
                ports.reserve(clone.port());
            }
        }
        for (CloneRecord clone : state.clones()) {
            switch (clone.statusCode()) {
                case Status.DELETING -> runLogged(() -> destroyNow(clone.id()));
                case Status.CREATING, Status.RESETTING -> {
                    LOG.info("clone {} was {} when the engine stopped; provisioning it again", clone.id(), clone.statusCode());
                    provision(clone.id(), System.nanoTime(), "recover");
                }
                case Status.OK -> adopt(clone);
                default -> { }
            }
        }
        Set<String> known = Set.copyOf(state.clones().stream().map(CloneRecord::id).toList());
        for (PoolProvider pool : pools.all()) {
            for (String orphan : pool.listClones()) {
                boolean owned = state.clone(orphan).map(c -> c.pool().equals(pool.name())).orElse(false);
                if (!known.contains(orphan) || !owned) {
                    LOG.info("removing clone directory {} in pool {}: no clone owns it", orphan, pool.name());
                    runLogged(() -> {
                        postgres.stopAny(pool.clonePath(orphan));
                        pool.deleteClone(orphan);
                    });
                }
            }
        }
    }

    @Override
    public void close() {
        workers.shutdown();
        try {
            workers.awaitTermination(2, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void adopt(CloneRecord clone) {
        PoolProvider pool = pools.get(clone.pool());
        LocalServer server = postgres.server(pool.clonePath(clone.id()), clone.port());
        try {
            if (!pool.listClones().contains(clone.id())) {
                state.updateClone(clone.id(), c -> c.withFailure("Clone data is gone from pool " + pool.name()));
                ports.release(clone.port());
                return;
            }
            if (!server.isRunning()) {
                LOG.info("starting clone {} on port {}", clone.id(), clone.port());
                postgres.start(pool.clonePath(clone.id()), clone.port(), clone.extraConf());
            }
            state.updateClone(clone.id(), c -> c.withLastActivity(Instant.now()));
        } catch (RuntimeException e) {
            LOG.warn("clone {} could not be started: {}", clone.id(), e.getMessage());
            ports.release(clone.port());
            state.updateClone(clone.id(), c -> c.withFailure("Clone could not be started: " + e.getMessage()));
        }
    }

    /** Makes the clone's data and server from its snapshot; used by create, reset and recovery. */
    private void provision(String id, long startedNanos, String action) {
        CloneRecord clone = get(id);
        PoolProvider pool = pools.get(clone.pool());
        try {
            removeResources(clone);
            int port = clone.port() > 0 ? clone.port() : ports.allocate();
            if (port != clone.port()) {
                state.updateClone(id, c -> c.withPort(port));
            }
            SnapshotRecord snapshot = snapshots.get(clone.snapshotId());
            pool.createClone(snapshot.name(), id);
            LocalServer server = postgres.start(pool.clonePath(id), port, clone.extraConf());
            if (snapshot.isCommit() && !keepUserPasswords) {
                LoginRoles.randomizePasswords(server.psql());
            }
            CloneUsers.create(server.psql(), clone.username(), clone.passwordVerifier(), clone.restricted());
            Duration took = Duration.ofNanos(System.nanoTime() - startedNanos);
            state.updateClone(id, c -> c.withReady(took.toMillis() / 1000.0, Instant.now()));
            if ("reset".equals(action)) {
                metrics.recordCloneReset(took);
            } else {
                metrics.recordCloneCreation(took);
            }
            audit.record(ENGINE, "clone." + action, id, "OK");
            LOG.info("clone {} ready on port {} ({} ms, {})", id, port, took.toMillis(), action);
        } catch (RuntimeException e) {
            String reason = describe(e);
            LOG.warn("clone {} failed ({}): {}", id, action, reason);
            CloneRecord failed = get(id);
            runLogged(() -> removeResources(failed));
            ports.release(failed.port());
            state.updateClone(id, c -> c.withFailure("Cloning failure: " + reason));
            audit.record(ENGINE, "clone." + action, id, "FATAL: " + reason);
        }
    }

    /** Stops the clone's server and deletes its data; safe to call when either is already gone. */
    private void removeResources(CloneRecord clone) {
        PoolProvider pool = pools.get(clone.pool());
        if (pool.listClones().contains(clone.id())) {
            postgres.stopAny(pool.clonePath(clone.id()));
            pool.deleteClone(clone.id());
        }
    }

    private void transition(String id, Set<String> from, String to, String message,
                            UnaryOperator<CloneRecord> change) {
        state.updateClone(id, c -> {
            if (!from.contains(c.statusCode())) {
                throw new BadRequestException("clone '" + id + "' is " + c.statusCode() + "; try again when it is "
                        + String.join(" or ", from.stream().sorted().toList()));
            }
            return change.apply(c).withStatus(to, message);
        }).orElseThrow(() -> notFound(id));
    }

    private boolean hasClientSessions(CloneRecord clone) {
        LocalServer server = postgres.server(pools.get(clone.pool()).clonePath(clone.id()), clone.port());
        try {
            String count = server.psql().run("postgres", "SELECT pg_catalog.count(*) FROM pg_catalog.pg_stat_activity "
                    + "WHERE backend_type = 'client backend' AND pid <> pg_catalog.pg_backend_pid()").strip();
            return !"0".equals(count);
        } catch (RuntimeException e) {
            // a clone we cannot ask is not proven idle: keep it rather than destroy someone's work
            if (server.isRunning()) {
                LOG.warn("cannot check sessions of clone {}: {}", clone.id(), e.getMessage());
            } else {
                LOG.warn("clone {}: its PostgreSQL server is not running", clone.id());
                // only an OK clone: a reset or destroy that started meanwhile owns the state now
                state.updateClone(clone.id(), c -> Status.OK.equals(c.statusCode()) ? c.withStatus(Status.FATAL,
                        "The clone's PostgreSQL server is not running (it stopped or was killed); reset the clone"
                                + " to start it again") : c);
            }
            return true;
        }
    }

    /** The head of the branch; a branch without one yet (main before retrieval) is a bad request. */
    private SnapshotRecord headOf(String branch) {
        if (BranchRecord.MAIN.equals(branch) && snapshots.head(branch).isEmpty()) {
            return snapshots.latest(); // says that retrieval has not made a snapshot yet
        }
        return snapshots.head(branch).orElseThrow(
                () -> new BadRequestException("branch '" + branch + "' has no snapshot to clone"));
    }

    /** "Latest" for a clone is the head of its branch (for main, the newest retrieved data). */
    private SnapshotRecord latestFor(CloneRecord clone) {
        return snapshots.head(clone.branch()).orElseGet(snapshots::latest);
    }

    private SnapshotRecord snapshotForRequest(String snapshotId) {
        return state.snapshot(snapshotId).orElseThrow(
                () -> new BadRequestException("snapshot '" + CloneIds.printable(snapshotId) + "' not found"));
    }

    private void requireSpace(PoolProvider pool) {
        long free = pool.freeSpace();
        if (free < MIN_FREE_BYTES) {
            throw new BadRequestException(String.format("pool '%s' is out of space: %d MiB free, at least %d MiB "
                    + "needed for a new clone", pool.name(), free >> 20, MIN_FREE_BYTES >> 20));
        }
    }

    private static String requireName(String value, String what) {
        if (value == null || value.isEmpty()) {
            throw new BadRequestException("missing " + what);
        }
        if (value.getBytes(StandardCharsets.UTF_8).length > 63 || value.chars().anyMatch(Character::isISOControl)) {
            throw new BadRequestException("invalid " + what + ": at most 63 bytes and no control characters");
        }
        return value;
    }

    private static String describe(Throwable e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (message.contains("No space left on device")) {
            return "the pool is out of space (No space left on device)";
        }
        return message.length() > 1000 ? message.substring(0, 1000) + "…" : message;
    }

    private static NotFoundException notFound(String id) {
        return new NotFoundException("clone '" + CloneIds.printable(id) + "' not found");
    }

    private static void runLogged(Runnable step) {
        try {
            step.run();
        } catch (RuntimeException e) {
            LOG.warn("cleanup step failed: {}", e.getMessage());
        }
    }
}
