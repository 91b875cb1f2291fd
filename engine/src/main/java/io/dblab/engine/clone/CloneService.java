package io.dblab.engine.clone;

import io.dblab.client.model.CloneRequest;
import io.dblab.client.model.ResetRequest;
import io.dblab.client.model.UpdateCloneRequest;
import io.dblab.engine.audit.AuditLog;
import io.dblab.engine.error.BadRequestException;
import io.dblab.engine.error.NotFoundException;
import io.dblab.engine.metrics.EngineMetrics;
import io.dblab.engine.pool.PoolProvider;
import io.dblab.engine.pool.PoolRegistry;
import io.dblab.engine.schedule.BackgroundTask;
import io.dblab.engine.snapshot.SnapshotService;
import io.dblab.engine.state.BranchRecord;
import io.dblab.engine.state.CloneEvent;
import io.dblab.engine.state.CloneRecord;
import io.dblab.engine.state.CloneStateMachine;
import io.dblab.engine.state.CloneStatus;
import io.dblab.engine.state.InvalidTransitionException;
import io.dblab.engine.state.ProtectionLease;
import io.dblab.engine.state.SnapshotRecord;
import io.dblab.engine.state.StateStore;
import io.dblab.engine.webhook.EngineEvent;
import io.dblab.engine.webhook.EngineEvents;
import io.dblab.pg.auth.ScramVerifier;
import io.dblab.pg.server.ClientBackends;
import io.dblab.pg.server.LocalServer;
import io.dblab.pg.server.LoginRoles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The clone lifecycle: create, reset and destroy run in the background after the request has been
 * checked and recorded; every step that fails undoes what it made and leaves the clone FATAL with
 * the reason, so nothing is left half-made. Every status change goes through the
 * {@link CloneStateMachine}, which refuses one the clone's state does not allow; a clone is made to
 * depend on a snapshot, and a snapshot is deleted, only under that snapshot's lock.
 */
public final class CloneService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CloneService.class);
    /** Below this much free space in a pool a new clone is refused up front. */
    static final long MIN_FREE_BYTES = 64L * 1024 * 1024;
    private static final String ENGINE = "engine";
    private static final String READY = "Clone is ready to accept Postgres connections.";

    private final StateStore state;
    private final CloneStateMachine machine;
    private final PoolRegistry pools;
    private final SnapshotService snapshots;
    private final PortPool ports;
    private final ClonePostgres postgres;
    private final EngineMetrics metrics;
    private final AuditLog audit;
    private final EngineEvents events;
    private final int maxIdleMinutes;
    private final IdleLimit idleLimit;
    private final ProtectionLease lease;
    private final ProtectionExpiry protections;
    private final boolean keepUserPasswords;
    /** Times clone activity: creation, last activity and idleness. */
    private final InstantSource clock;
    private final ExecutorService workers = Executors.newFixedThreadPool(8, BackgroundTask.daemonThreads("clone-worker"));

    public CloneService(StateStore state, PoolRegistry pools, SnapshotService snapshots, PortPool ports,
                        ClonePostgres postgres, EngineMetrics metrics, AuditLog audit, int maxIdleMinutes,
                        ProtectionLease lease, boolean keepUserPasswords, InstantSource clock, EngineEvents events) {
        this.state = state;
        this.machine = state.transitions();
        this.pools = pools;
        this.snapshots = snapshots;
        this.ports = ports;
        this.postgres = postgres;
        this.metrics = metrics;
        this.audit = audit;
        this.events = events;
        this.maxIdleMinutes = maxIdleMinutes;
        this.idleLimit = new IdleLimit(maxIdleMinutes);
        this.lease = lease;
        this.protections = new ProtectionExpiry(machine, lease, audit, events);
        this.keepUserPasswords = keepUserPasswords;
        this.clock = clock;
    }

    public int maxIdleMinutes() {
        return maxIdleMinutes;
    }

    /** How long protections last, and the clock they end by. */
    public ProtectionLease lease() {
        return lease;
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
        String requestedBranch = request.branch() == null || request.branch().isEmpty() ? null : request.branch();
        String snapshotId = request.snapshot() == null || request.snapshot().id() == null
                || request.snapshot().id().isEmpty() ? null : request.snapshot().id();
        Integer ownIdleLimit = idleLimit.check(request.maxIdleMinutes());
        boolean isProtected = Boolean.TRUE.equals(request.isProtected());
        Instant protectedTill = isProtected ? lease.till(request.protectionDurationMinutes()) : null;
        String verifier = ScramVerifier.compute(db.password());
        // The branch and then the snapshot are locked while the clone is checked and recorded, so
        // neither can be deleted between the check and the record that makes the clone depend on it.
        String branch = branchFor(requestedBranch, snapshotId);
        return machine.locked(CloneStateMachine.branchKey(branch), () -> {
            if (requestedBranch != null && state.branch(branch).isEmpty()) {
                throw new BadRequestException("branch '" + CloneIds.printable(branch) + "' not found");
            }
            // as in the reference: a snapshot id wins over the branch; with neither, the head of main
            SnapshotRecord snapshot = snapshotId != null ? snapshotForRequest(snapshotId) : headOf(branch);
            return machine.locked(CloneStateMachine.snapshotKey(snapshot.id()), () -> {
                snapshotForRequest(snapshot.id()); // still there now that nobody can delete it
                PoolProvider pool = pools.get(snapshot.pool());
                requireSpace(pool);
                if (state.clone(id).isPresent()) {
                    throw new BadRequestException("clone with id '" + id + "' already exists");
                }
                Instant now = clock.instant();
                int port = ports.allocate();
                CloneRecord clone = new CloneRecord(id, pool.name(), snapshot.id(), branch, isProtected, now,
                        CloneEvent.INITIAL, "", port, username, verifier, Boolean.TRUE.equals(db.restricted()), dbName,
                        extraConf, 0, now, protectedTill, ownIdleLimit, 0, false);
                Optional<CloneRecord> recorded;
                try {
                    recorded = machine.create(clone, "Clone is being created.");
                } catch (RuntimeException e) {
                    ports.release(port); // the state could not be written: nothing was recorded
                    throw e;
                }
                if (recorded.isEmpty()) {
                    ports.release(port);
                    throw new BadRequestException("clone with id '" + id + "' already exists");
                }
                long started = System.nanoTime();
                workers.execute(() -> provision(id, started, "create"));
                return recorded.get();
            });
        });
    }

    /**
     * The branch a new clone goes on: the one asked for; else, with a snapshot, the snapshot's
     * branch while it exists (a snapshot kept after its branch was deleted hangs off main); else main.
     */
    private String branchFor(String requestedBranch, String snapshotId) {
        if (requestedBranch != null) {
            return requestedBranch;
        }
        if (snapshotId != null) {
            return state.snapshot(snapshotId).map(SnapshotRecord::branch).filter(b -> state.branch(b).isPresent())
                    .orElse(BranchRecord.MAIN);
        }
        return BranchRecord.MAIN;
    }

    public CloneRecord updateProtection(String id, boolean isProtected) {
        return update(id, new UpdateCloneRequest(isProtected));
    }

    /**
     * Protection (timed as {@link ProtectionLease} says) and the clone's own idle limit; what the
     * request leaves out stays as it is.
     */
    public CloneRecord update(String id, UpdateCloneRequest request) {
        if (request.isProtected() == null && request.maxIdleMinutes() == null) {
            throw new BadRequestException("nothing to update: send {\"protected\": true|false}"
                    + " (with \"protectionDurationMinutes\" for a timed protection) or {\"maxIdleMinutes\": N}");
        }
        if (request.protectionDurationMinutes() != null && !Boolean.TRUE.equals(request.isProtected())) {
            throw new BadRequestException("protectionDurationMinutes needs \"protected\": true");
        }
        Integer ownIdleLimit = idleLimit.check(request.maxIdleMinutes());
        Instant till = Boolean.TRUE.equals(request.isProtected()) ? lease.till(request.protectionDurationMinutes()) : null;
        return machine.apply(id, CloneEvent.PROTECT, c -> {
            CloneRecord updated = request.isProtected() == null ? c : c.withProtection(request.isProtected(), till);
            return ownIdleLimit == null ? updated : updated.withIdleLimitAndRevision(ownIdleLimit, updated.revision());
        });
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
        machine.locked(CloneStateMachine.snapshotKey(target.id()), () -> {
            snapshotForRequest(target.id()); // not deleted since it was chosen
            machine.apply(id, CloneEvent.RESET, "Clone is being reset.", c -> c.withSnapshot(target.pool(), target.id()));
        });
        long started = System.nanoTime();
        workers.execute(() -> provision(id, started, "reset"));
    }

    public void destroy(String id) {
        try {
            machine.apply(id, CloneEvent.DESTROY, "Clone is being deleted.", c -> {
                if (c.protectedAt(clock.instant()) && c.status() != CloneStatus.FATAL) {
                    throw new BadRequestException("clone '" + id + "' is protected; unprotect it before destroying it");
                }
                return c;
            });
        } catch (InvalidTransitionException e) {
            if (e.current() == CloneStatus.DELETING) {
                return; // another request is deleting it already: the caller's wish holds
            }
            throw e;
        }
        workers.execute(() -> runLogged(() -> destroyNow(id)));
    }

    /**
     * Deletes a snapshot under its lock, so that no clone is made on it meanwhile. Branches that
     * need it refuse the deletion first; then its clones refuse it, or with {@code force} are
     * destroyed first (unless one of them is protected or still being created or reset on it).
     */
    public void deleteSnapshot(String snapshotId, boolean force) {
        machine.locked(CloneStateMachine.snapshotKey(snapshotId), () -> {
            snapshots.checkDeletable(snapshotId);
            if (force) {
                machine.beginForcedDeletion(snapshotId).forEach(this::destroyNow);
            }
            snapshots.delete(snapshotId);
        });
        events.publish(EngineEvent.of(EngineEvent.SNAPSHOT_DELETE, snapshotId));
    }

    /**
     * Destroys a clone that is DELETING, in the calling thread (for a destroy request's worker,
     * forced snapshot deletion, idle cleanup and recovery); a failure leaves it FATAL with the reason.
     */
    private void destroyNow(String id) {
        CloneRecord clone = get(id);
        try {
            removeResources(clone);
            machine.destroyed(id);
            ports.release(clone.port());
            audit.record(ENGINE, "clone.destroy", id, "OK");
            events.publish(cloneEvent(EngineEvent.CLONE_DELETE, clone));
        } catch (RuntimeException e) {
            LOG.warn("destroying clone {} failed: {}", id, e.getMessage());
            runLogged(() -> machine.apply(id, CloneEvent.DESTROY_FAILED, "Deletion failed: " + describe(e)));
            audit.record(ENGINE, "clone.destroy", id, "FATAL: " + describe(e));
            events.publish(failure(clone, "destroy", describe(e)));
            throw e;
        }
    }

    /**
     * Warns about the timed protections that end soon and ends those that have run out, then destroys unprotected clones with no client
     * session for longer than their idle limit (their own, else the engine's); on the way, a clone
     * whose server is found dead becomes FATAL, so that its state says so.
     */
    public void destroyIdleClones() {
        Instant now = clock.instant();
        protections.check(list(), now);
        if (maxIdleMinutes <= 0 && list().stream().allMatch(c -> c.maxIdleMinutes() == null)) {
            return;
        }
        ClientBackends backends = ClientBackends.read();
        List<CloneRecord> idle = new ArrayList<>();
        List<CloneRecord> active = new ArrayList<>();
        for (CloneRecord clone : list()) {
            if (clone.status() == CloneStatus.OK) {
                (hasClientSessions(clone, backends) ? active : idle).add(clone);
            }
        }
        // one state write for all, not one per clone in use
        state.updateClones(active.stream().map(CloneRecord::id).toList(), c -> c.withLastActivity(now));
        for (CloneRecord clone : idle) {
            Optional<Instant> deleteAt = idleDeletionTime(clone);
            if (deleteAt.isPresent() && deleteAt.get().isBefore(now)) {
                LOG.info("destroying clone {}: idle for more than {} minutes", clone.id(),
                        clone.idleLimitMinutes(maxIdleMinutes));
                try {
                    machine.apply(clone.id(), CloneEvent.DESTROY, "Clone is idle; deleting.", c -> {
                        if (c.protectedAt(now)) {
                            throw new BadRequestException("clone '" + c.id() + "' was protected meanwhile");
                        }
                        return c;
                    });
                    destroyNow(clone.id());
                } catch (RuntimeException e) {
                    LOG.warn("idle clone {} was not destroyed: {}", clone.id(), e.getMessage());
                }
            }
        }
    }

    /**
     * The earliest time idle cleanup may delete the clone, if it may at all: an unprotected clone
     * that is OK with an idle limit, counted from its last activity.
     */
    public Optional<Instant> idleDeletionTime(CloneRecord clone) {
        int limit = clone.idleLimitMinutes(maxIdleMinutes);
        if (limit <= 0 || clone.status() != CloneStatus.OK || clone.protectedAt(clock.instant())) {
            return Optional.empty();
        }
        return Optional.of(clone.lastActivity().plus(Duration.ofMinutes(limit)));
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
            switch (clone.status()) {
                case DELETING -> runLogged(() -> destroyNow(clone.id()));
                case CREATING, RESETTING -> {
                    LOG.info("clone {} was {} when the engine stopped; provisioning it again", clone.id(), clone.status());
                    provision(clone.id(), System.nanoTime(), "recover");
                }
                case OK -> adopt(clone);
                case FATAL -> { } // kept for its owner to read the reason, reset or destroy
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
                lost(clone, "Clone data is gone from pool " + pool.name());
                return;
            }
            if (!server.isRunning()) {
                LOG.info("starting clone {} on port {}", clone.id(), clone.port());
                postgres.start(pool.clonePath(clone.id()), clone.port(), clone.extraConf());
            }
            state.updateClone(clone.id(), c -> c.withLastActivity(clock.instant()));
        } catch (RuntimeException e) {
            LOG.warn("clone {} could not be started: {}", clone.id(), e.getMessage());
            runLogged(() -> lost(clone, "Clone could not be started: " + describe(e)));
        }
    }

    /** An OK clone found without its data or server at start-up: FATAL, and its port is free again. */
    private void lost(CloneRecord clone, String reason) {
        machine.apply(clone.id(), CloneEvent.LOST, reason, CloneRecord::withoutPort);
        ports.release(clone.port());
    }

    /** Makes the clone's data and server from its snapshot; used by create, reset and recovery. */
    private void provision(String id, long startedNanos, String action) {
        StepTimes steps = new StepTimes(startedNanos);
        steps.end("queued");
        CloneRecord clone = get(id);
        PoolProvider pool = pools.get(clone.pool());
        try {
            removeResources(clone);
            int port = clone.port() > 0 ? clone.port() : allocatePort(id);
            SnapshotRecord snapshot = snapshots.get(clone.snapshotId());
            steps.end("clean");
            pool.createClone(snapshot.name(), id);
            steps.end("copy");
            LocalServer server = postgres.start(pool.clonePath(id), port, clone.extraConf());
            steps.end("start");
            if (snapshot.isCommit() && !keepUserPasswords) {
                LoginRoles.randomizePasswords(server.psql());
            }
            CloneUsers.create(server.psql(), clone.username(), clone.passwordVerifier(), clone.restricted());
            steps.end("role");
            Duration took = Duration.ofNanos(System.nanoTime() - startedNanos);
            machine.apply(id, CloneEvent.PROVISIONED, READY, c -> c.withCloningTime(took.toMillis() / 1000.0, clock.instant()));
            steps.end("state");
            if ("reset".equals(action)) {
                metrics.recordCloneReset(took);
            } else {
                metrics.recordCloneCreation(took);
            }
            audit.record(ENGINE, "clone." + action, id, "OK");
            if (!"recover".equals(action)) { // a clone remade after a restart is neither new nor reset
                events.publish(cloneEvent("reset".equals(action) ? EngineEvent.CLONE_RESET : EngineEvent.CLONE_CREATE,
                        clone.withPort(port)));
            }
            steps.end("audit");
            LOG.info("clone {} ready on port {} ({} ms, {}: {})", id, port, took.toMillis(), action, steps);
        } catch (RuntimeException e) {
            String reason = describe(e);
            LOG.warn("clone {} failed ({}): {}", id, action, reason);
            CloneRecord failed = get(id);
            runLogged(() -> removeResources(failed));
            runLogged(() -> {
                machine.apply(id, CloneEvent.PROVISION_FAILED, "Cloning failure: " + reason, CloneRecord::withoutPort);
                ports.release(failed.port());
            });
            audit.record(ENGINE, "clone." + action, id, "FATAL: " + reason);
            events.publish(failure(failed, action, reason));
        }
    }

    /** The reference's clone event: where and as whom to connect (never null: it is built inside the operation). */
    private static EngineEvent cloneEvent(String type, CloneRecord clone) {
        return new EngineEvent(type, clone.id(), connectionFields(clone));
    }

    /** A clone event's fields: the port, user and database to connect to. */
    static Map<String, Object> connectionFields(CloneRecord clone) {
        return Map.of("port", clone.port(), "username", Objects.requireNonNullElse(clone.username(), ""),
                "dbname", Objects.requireNonNullElse(clone.dbName(), ""));
    }

    /** {@code operation}: create, reset, recover or destroy; {@code reason}: the clone's FATAL message. */
    private static EngineEvent failure(CloneRecord clone, String operation, String reason) {
        return new EngineEvent(EngineEvent.CLONE_FAILURE, clone.id(), Map.of("operation", operation,
                "reason", Objects.requireNonNullElse(reason, "")));
    }

    /** A port for a clone that has none (a FATAL one being reset), recorded before it is used. */
    private int allocatePort(String id) {
        int port = ports.allocate();
        try {
            state.updateClone(id, c -> c.withPort(port));
        } catch (RuntimeException e) {
            ports.release(port);
            throw e;
        }
        return port;
    }

    /** Stops the clone's server and deletes its data; safe to call when either is already gone. */
    private void removeResources(CloneRecord clone) {
        PoolProvider pool = pools.get(clone.pool());
        if (pool.listClones().contains(clone.id())) {
            postgres.stopAny(pool.clonePath(clone.id()));
            pool.deleteClone(clone.id());
        }
    }

    /** From the server's process titles, not SQL: the check costs no connection and runs no user code. */
    private boolean hasClientSessions(CloneRecord clone, ClientBackends backends) {
        Path dataDir = pools.get(clone.pool()).clonePath(clone.id());
        if (!ClientBackends.postmasterRunning(dataDir)) {
            LOG.warn("clone {}: its PostgreSQL server is not running", clone.id());
            try {
                machine.apply(clone.id(), CloneEvent.LOST, "The clone's PostgreSQL server is not running (it stopped"
                        + " or was killed); reset the clone to start it again");
            } catch (InvalidTransitionException e) {
                // no longer OK: a reset or destroy that started meanwhile owns the clone now
            }
            return true;
        }
        return backends.count(dataDir) > 0;
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
