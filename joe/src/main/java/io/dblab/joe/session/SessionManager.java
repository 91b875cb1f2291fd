package io.dblab.joe.session;

import io.dblab.client.CloneWaiter;
import io.dblab.client.DblabApiException;
import io.dblab.client.DblabClient;
import io.dblab.client.model.Clone;
import io.dblab.client.model.CloneRequest;
import io.dblab.client.model.ResetRequest;
import io.dblab.client.model.Status;
import io.dblab.joe.config.JoeConfig;
import java.net.URI;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sessions and their clones. A session's first command creates its clone through the engine API and
 * prepares it; a session found in the sessions file at start-up is reconnected to its clone on its
 * first command when the clone is still there and the key still derives its password; an idle session
 * is closed and its clone destroyed. A clone that disappeared, or was reset behind Joe's back, is
 * noticed before the next command and said in its answer.
 */
public final class SessionManager implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SessionManager.class);
    private static final String AUTH_FAILED = "28P01";
    private static final Duration LONGEST_SWEEP_INTERVAL = Duration.ofSeconds(30);
    /**
     * A GET of one clone costs the engine about a millisecond, and a thin clone is ready in well under
     * a second: at most a few hundred of them, and the first command waits 2.5 ms on average for the
     * poll that sees the clone ready (50 ms with the client's default of 100 ms).
     */
    private static final Duration CLONE_POLL_INTERVAL = Duration.ofMillis(5);
    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

    private final JoeConfig config;
    private final Map<String, DblabClient> engines;
    private final SessionStore store;
    private final ClonePasswords passwords;
    private final Clock clock;
    /** Where each session keeps what the person wrote (see {@link io.dblab.joe.guard.SessionText}). */
    private final java.nio.file.Path writtenDir;
    private final Map<SessionKey, Session> sessions = new ConcurrentHashMap<>();
    /** Sessions closed for being idle, so that the person's next command can say why it starts afresh. */
    private final Map<SessionKey, Instant> closedIdle = new ConcurrentHashMap<>();
    private final ScheduledExecutorService sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "joe-idle-sessions");
        t.setDaemon(true);
        return t;
    });

    public SessionManager(JoeConfig config, Map<String, DblabClient> engines, SessionStore store,
                          ClonePasswords passwords, Clock clock) {
        this.config = config;
        this.engines = Map.copyOf(engines);
        this.store = store;
        this.passwords = passwords;
        this.clock = clock;
        this.writtenDir = store.file().getParent().resolve("written");
    }

    /** Takes up the sessions of an earlier Joe process and starts closing idle ones. */
    public SessionManager start() {
        for (SessionRecord record : store.load()) {
            Session session = new Session(record);
            session.written().keepIn(writtenFile(record));
            sessions.put(record.key(), session);
        }
        if (!sessions.isEmpty()) {
            LOG.info("{} session(s) from an earlier run; each reconnects to its clone on its next command", sessions.size());
        }
        if (!passwords.durable()) {
            LOG.warn("no session key (sessions.key / JOE_SESSION_KEY): sessions will not survive a restart of Joe");
        }
        long every = Math.max(1000, Math.min(config.sessions().idle().toMillis() / 4, LONGEST_SWEEP_INTERVAL.toMillis()));
        sweeper.scheduleWithFixedDelay(this::sweepIdleLogged, every, every, TimeUnit.MILLISECONDS);
        return this;
    }

    /**
     * Runs {@code work} on the person's session, made ready first, and one command at a time per
     * session. The session counts as used when the work ends, whatever its outcome.
     */
    public <T> T withSession(SessionKey key, SessionWork<T> work) throws Exception {
        while (true) {
            Session session = sessions.computeIfAbsent(key, Session::new);
            session.lock().lock();
            try {
                if (session.state() == Session.State.CLOSED) {
                    continue; // closed while we waited for it: a new one takes its place
                }
                ready(session);
                try {
                    return work.run(session);
                } finally {
                    touch(session);
                }
            } finally {
                session.lock().unlock();
            }
        }
    }

    /** Puts the session's clone back to its snapshot and prepares it again; call within {@link #withSession}. */
    public void reset(Session session) throws SessionException {
        SessionRecord record = session.record();
        DblabClient client = engine(record.engine());
        session.closeConnections();
        try {
            CompletableFuture<UserLogin> login = CompletableFuture.supplyAsync(UserLogin::fresh);
            client.resetClone(record.cloneId(), new ResetRequest(null, null));
            Clone clone = waiter(client).awaitStatusOtherThan(record.cloneId(), Status.RESETTING);
            requireOk(clone, "reset");
            prepareAndConnect(session, client, clone, record, login.join());
        } catch (DblabApiException e) {
            throw new SessionException("the engine could not reset your clone: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SessionException("interrupted while resetting your clone", e);
        } catch (SQLException e) {
            throw new SessionException("your clone was reset but could not be prepared again (SQLSTATE "
                    + e.getSQLState() + ")", e);
        }
    }

    public Optional<Session> find(SessionKey key) {
        return Optional.ofNullable(sessions.get(key));
    }

    /** Closes idle sessions now; the sweeper calls it on its own schedule. */
    public void sweepIdle() {
        Instant now = clock.instant();
        Duration idle = config.sessions().idle();
        for (Session session : List.copyOf(sessions.values())) {
            SessionRecord record = session.record();
            if (record == null || !record.lastUsed().plus(idle).isBefore(now) || !session.lock().tryLock()) {
                continue;
            }
            try {
                if (session.state() != Session.State.CLOSED) {
                    LOG.info("closing session {}/{} after {} idle; destroying clone {}", record.user(), record.channel(),
                            idle, record.cloneId());
                    closedIdle.put(session.key(), now);
                    destroy(session);
                }
            } catch (RuntimeException e) {
                LOG.error("closing idle session {}/{} failed", record.user(), record.channel(), e);
            } finally {
                session.lock().unlock();
            }
        }
    }

    /** Stops the sweeper and closes Joe's connections; the clones stay for the next Joe process. */
    @Override
    public void close() {
        sweeper.shutdownNow();
        for (Session session : sessions.values()) {
            session.closeConnections();
        }
    }

    private void sweepIdleLogged() {
        try {
            sweepIdle();
        } catch (Throwable e) {
            LOG.error("the idle-session sweep failed; it runs again on schedule", e);
        }
    }

    private void ready(Session session) throws SessionException {
        switch (session.state()) {
            case NEW -> create(session);
            case DORMANT -> revive(session);
            case LIVE -> {
                if (!session.connectionsValid()) {
                    recover(session);
                }
            }
            case CLOSED -> throw new IllegalStateException("a closed session is never made ready");
        }
    }

    private void create(Session session) throws SessionException {
        session.written().forget(); // an earlier clone's file; what the person wrote stays known in memory
        Instant idleClosed = closedIdle.remove(session.key());
        if (idleClosed != null) {
            session.note("Your previous session was closed after " + config.sessions().idleTimeout()
                    + " without commands and its clone destroyed; this is a new session with a fresh clone.");
        }
        JoeConfig.Channel route = config.route(session.key().channel()).orElseThrow(() -> new SessionException(
                "no engine is configured for channel '" + session.key().channel() + "'"));
        DblabClient client = engine(route.engine());
        String cloneId = "joe-" + HexFormat.of().formatHex(randomBytes());
        String salt = ClonePasswords.randomToken();
        Instant now = clock.instant();
        SessionRecord record = new SessionRecord(session.key().user(), session.key().channel(), route.engine(),
                route.database(), cloneId, salt, passwords.keyId(), null, now, now);
        LOG.info("session {}/{}: creating clone {} of database {} on engine {}", record.user(), record.channel(), cloneId,
                route.database(), route.engine());
        try {
            // the user role's SCRAM verifier is computed while the engine makes the clone
            CompletableFuture<UserLogin> login = CompletableFuture.supplyAsync(UserLogin::fresh);
            long asked = System.nanoTime();
            client.createClone(new CloneRequest(cloneId, null, new CloneRequest.DbRequest(CloneRoles.MANAGEMENT,
                    passwords.password(cloneId, salt), false, route.database()), null, null, null));
            long answered = System.nanoTime();
            Clone clone = waiter(client).awaitStatusOtherThan(cloneId, Status.CREATING);
            requireOk(clone, "create");
            long ready = System.nanoTime();
            prepareAndConnect(session, client, clone, record, login.join());
            // where a new session's first command spends its time (bench/run-joe-bench.sh)
            LOG.info("session {}/{}: clone {}: POST /clone answered in {} ms, the clone ready {} ms later (the engine's"
                    + " cloning time {} ms), prepared and connected in {} ms", record.user(), record.channel(), cloneId,
                    millisBetween(asked, answered), millisBetween(answered, ready),
                    clone.metadata() == null ? "?" : Math.round(clone.metadata().cloningTime() * 1000),
                    millisBetween(ready, System.nanoTime()));
        } catch (DblabApiException | SQLException | SessionException e) {
            destroyQuietly(client, cloneId);
            throw e instanceof SessionException s ? s : new SessionException("Joe could not make a clone for your session: "
                    + (e instanceof SQLException sql ? "preparing it failed (SQLSTATE " + sql.getSQLState() + ")" : e.getMessage()), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            destroyQuietly(client, cloneId);
            throw new SessionException("interrupted while creating your clone", e);
        }
    }

    /** A session from an earlier Joe process: back to its clone if it can be, else a new one, said so. */
    private void revive(Session session) throws SessionException {
        SessionRecord record = session.record();
        DblabClient client = engines.get(record.engine());
        String cannot = null;
        Clone clone = null;
        if (client == null) {
            cannot = "its engine '" + record.engine() + "' is no longer in Joe's configuration";
        } else if (!passwords.durable() || !passwords.keyId().equals(record.keyId())) {
            cannot = "Joe was restarted without the session key its clone was made with (sessions.key / JOE_SESSION_KEY)";
        } else {
            try {
                clone = settled(client, record.cloneId()).orElse(null);
                if (clone == null) {
                    cannot = "its clone " + record.cloneId() + " no longer exists on the engine (destroyed or expired)";
                } else if (!Status.OK.equals(CloneWaiter.statusCode(clone))) {
                    cannot = "its clone " + record.cloneId() + " is " + CloneWaiter.statusCode(clone);
                }
            } catch (DblabApiException e) {
                throw new SessionException("the engine could not be asked about your session's clone: " + e.getMessage(), e);
            }
        }
        if (cannot == null) {
            try {
                reconnect(session, client, clone, record);
                session.note("Joe was restarted; your session continues on the same clone " + record.cloneId()
                        + " (your changes are kept; hypothetical indexes are gone).");
                return;
            } catch (SQLException e) {
                cannot = AUTH_FAILED.equals(e.getSQLState()) ? "its clone no longer accepts Joe's password"
                        : "its clone could not be reached (SQLSTATE " + e.getSQLState() + ")";
            }
        }
        LOG.info("session {}/{} cannot resume: {}", record.user(), record.channel(), cannot);
        if (client != null) {
            destroyQuietly(client, record.cloneId());
        }
        session.note("Your earlier session could not be resumed: " + cannot
                + ". A new session with a fresh clone was started; earlier changes are gone.");
        create(session);
    }

    /** A live session whose connections broke: the clone restarted, was reset, terminated, or is gone. */
    private void recover(Session session) throws SessionException {
        SessionRecord record = session.record();
        DblabClient client = engine(record.engine());
        try {
            if (session.managementValid()) {
                session.reconnectUser();
                session.note("The connection that runs your statements was closed (terminated?); Joe reconnected."
                        + " Hypothetical indexes and session settings are gone.");
                return;
            }
            Optional<Clone> clone = settled(client, record.cloneId());
            if (clone.isEmpty() || !Status.OK.equals(CloneWaiter.statusCode(clone.get()))) {
                String what = clone.isEmpty() ? "no longer exists on the engine (destroyed or expired)"
                        : "is " + CloneWaiter.statusCode(clone.get());
                clone.ifPresent(c -> destroyQuietly(client, record.cloneId()));
                session.closeConnections();
                session.note("Your session's clone " + record.cloneId() + " " + what
                        + ": a new session with a fresh clone was started; earlier changes are gone.");
                create(session);
                return;
            }
            reconnect(session, client, clone.get(), record);
        } catch (DblabApiException e) {
            throw new SessionException("the engine could not be asked about your session's clone: " + e.getMessage(), e);
        } catch (SQLException e) {
            throw new SessionException("your session's clone could not be reached (SQLSTATE " + e.getSQLState() + ")", e);
        }
    }

    /** Connects to an existing clone; prepares it again when it lost Joe's marker (reset outside Joe). */
    private void reconnect(Session session, DblabClient client, Clone clone, SessionRecord record) throws SQLException {
        CloneAddress address = CloneAddress.of(clone, baseUri(record.engine()), record.database());
        String managementPassword = passwords.password(record.cloneId(), record.salt());
        Connection management = address.connectManagement(managementPassword, statementTimeout());
        try {
            Optional<PreparedClone> prepared = ClonePreparation.read(management);
            if (prepared.isPresent() && prepared.get().marker().equals(record.marker())) {
                String userPassword = ClonePasswords.randomToken();
                ClonePreparation.setUserPassword(management, userPassword);
                session.connect(address, management, prepared.get(), userPassword, statementTimeout());
                session.record(record);
                save();
                return;
            }
        } catch (SQLException | RuntimeException e) {
            management.close();
            throw e;
        }
        management.close();
        session.note("Your clone " + record.cloneId() + " was reset outside Joe: it is back at its snapshot, and your"
                + " changes and hypothetical indexes are gone.");
        prepareAndConnect(session, client, clone, record, UserLogin.fresh());
    }

    private void prepareAndConnect(Session session, DblabClient client, Clone clone, SessionRecord record, UserLogin user)
            throws SQLException {
        CloneAddress address = CloneAddress.of(clone, baseUri(record.engine()), record.database());
        String managementPassword = passwords.password(record.cloneId(), record.salt());
        Connection management = address.connectManagement(managementPassword, statementTimeout());
        try {
            PreparedClone prepared = ClonePreparation.prepare(management, user, ClonePasswords.randomToken());
            session.connect(address, management, prepared, user.password(), statementTimeout());
            session.record(record.withMarker(prepared.marker()));
            session.written().keepIn(writtenFile(record));
            save();
        } catch (SQLException | RuntimeException e) {
            management.close();
            throw e;
        }
    }

    private java.nio.file.Path writtenFile(SessionRecord record) {
        return writtenDir.resolve(record.cloneId() + ".sql");
    }

    private void destroy(Session session) {
        session.closed();
        sessions.remove(session.key(), session);
        save();
        SessionRecord record = session.record();
        if (record != null) {
            destroyQuietly(engines.get(record.engine()), record.cloneId());
        }
    }

    private void touch(Session session) {
        if (session.record() != null && session.state() == Session.State.LIVE) {
            session.record(session.record().usedAt(clock.instant()));
            save();
        }
    }

    /**
     * Writes every session's record. The records are read and written under one lock: sessions change at
     * the same time, and a list read before another session's change must not be written after its own.
     */
    private void save() {
        try {
            synchronized (store) {
                store.save(sessions.values().stream().filter(s -> s.state() != Session.State.CLOSED && s.record() != null)
                        .map(Session::record).toList());
            }
        } catch (RuntimeException e) {
            LOG.error("the sessions file could not be written; sessions may not survive a restart", e);
        }
    }

    /** The clone once any background work of the engine on it has ended, or empty when it is gone. */
    private Optional<Clone> settled(DblabClient client, String cloneId) {
        Optional<Clone> clone = client.findClone(cloneId);
        try {
            while (clone.isPresent() && (Status.RESETTING.equals(CloneWaiter.statusCode(clone.get()))
                    || Status.CREATING.equals(CloneWaiter.statusCode(clone.get())))) {
                clone = Optional.of(waiter(client).awaitStatusOtherThan(cloneId, CloneWaiter.statusCode(clone.get())));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return clone;
    }

    private void requireOk(Clone clone, String what) throws SessionException {
        if (!Status.OK.equals(CloneWaiter.statusCode(clone))) {
            throw new SessionException("the engine could not " + what + " your clone: "
                    + (clone.status() == null ? "no status" : clone.status().message()));
        }
    }

    private void destroyQuietly(DblabClient client, String cloneId) {
        if (client == null) {
            return;
        }
        try {
            client.destroyClone(cloneId);
        } catch (DblabApiException e) {
            if (e.httpStatus() != 404) {
                LOG.warn("clone {} could not be destroyed: {}", cloneId, e.getMessage());
            }
        } catch (RuntimeException e) {
            LOG.warn("clone {} could not be destroyed", cloneId, e);
        }
    }

    private DblabClient engine(String name) throws SessionException {
        DblabClient client = engines.get(name);
        if (client == null) {
            throw new SessionException("engine '" + name + "' is not in Joe's configuration");
        }
        return client;
    }

    private URI baseUri(String engineName) {
        return URI.create(config.engine(engineName).map(JoeConfig.Engine::url).orElseThrow());
    }

    /** A person waits for a new session's clone: it is polled often, so that it is used soon after it is ready. */
    private CloneWaiter waiter(DblabClient client) {
        return new CloneWaiter(client, config.sessions().cloneReady(), CLONE_POLL_INTERVAL);
    }

    private Duration statementTimeout() {
        return config.limits().statement();
    }

    private static long millisBetween(long startNanos, long endNanos) {
        return (endNanos - startNanos) / 1_000_000;
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[6];
        RANDOM.nextBytes(bytes);
        return bytes;
    }
}
