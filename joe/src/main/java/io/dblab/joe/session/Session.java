package io.dblab.joe.session;

import io.dblab.joe.guard.BaselineCatalog;
import io.dblab.joe.guard.OutputGuard;
import io.dblab.joe.guard.SessionText;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One person's session in one channel: its clone, Joe's two connections to it, what the person wrote,
 * and notes for their next answer (a new clone, a reset behind Joe's back). One command at a time runs
 * on a session, under {@link #lock()}; {@link SessionManager} makes it ready before each.
 */
public final class Session {
    private static final Logger LOG = LoggerFactory.getLogger(Session.class);
    private final SessionKey key;
    private final ReentrantLock lock = new ReentrantLock();
    private final SessionText written = new SessionText();
    private final List<String> notes = new ArrayList<>();
    private volatile SessionRecord record;
    private volatile State state;
    private CloneAddress address;
    private String userPassword;
    private Connection management;
    private Connection user;
    private PreparedClone prepared;
    private OutputGuard guard;
    private Duration statementTimeout;

    enum State {
        /** No clone yet. */
        NEW,
        /** Known from the sessions file of an earlier Joe process, not connected yet. */
        DORMANT,
        /** Connected to a prepared clone. */
        LIVE,
        /** Closed: its clone is destroyed or forgotten. */
        CLOSED
    }

    Session(SessionKey key) {
        this.key = key;
        this.state = State.NEW;
    }

    Session(SessionRecord dormant) {
        this.key = dormant.key();
        this.record = dormant;
        this.state = State.DORMANT;
    }

    public SessionKey key() {
        return key;
    }

    public SessionRecord record() {
        return record;
    }

    public ReentrantLock lock() {
        return lock;
    }

    /** What the person wrote in this session; see {@link SessionText}. */
    public SessionText written() {
        return written;
    }

    public OutputGuard guard() {
        return guard;
    }

    public Duration statementTimeout() {
        return statementTimeout;
    }

    /** The connection that runs the person's statements, as the non-superuser role. */
    public Connection user() {
        return user;
    }

    /** Joe's own connection, as the management role: never for the person's statements. */
    public Connection management() {
        return management;
    }

    public Optional<String> hypopgSchema() {
        return prepared == null ? Optional.empty() : prepared.hypopgSchema();
    }

    /** The transaction that ended the clone's preparation: catalog rows written after it are the person's. */
    public long baselineXid() {
        return prepared.baselineXid();
    }

    public String cloneId() {
        return record == null ? null : record.cloneId();
    }

    /** Something the person should know, said with their next answer. */
    public synchronized void note(String note) {
        notes.add(note);
    }

    public synchronized List<String> takeNotes() {
        List<String> taken = List.copyOf(notes);
        notes.clear();
        return taken;
    }

    State state() {
        return state;
    }

    void record(SessionRecord newRecord) {
        this.record = newRecord;
    }

    /** Connects both roles to a prepared clone. */
    void connect(CloneAddress cloneAddress, Connection managementConnection,
                 PreparedClone preparedClone, String newUserPassword, Duration timeout) throws SQLException {
        closeConnections();
        this.address = cloneAddress;
        this.management = managementConnection;
        this.prepared = preparedClone;
        this.userPassword = newUserPassword;
        this.statementTimeout = timeout;
        this.user = cloneAddress.connectUser(newUserPassword, timeout);
        this.guard = new OutputGuard(written, new BaselineCatalog(() -> management, preparedClone.baselineXid()),
                Set.of(CloneRoles.USER, CloneRoles.MANAGEMENT, CloneRoles.SCHEMA));
        this.state = State.LIVE;
    }

    /** Whether both connections still answer; a clone restarted or reset under them does not. */
    boolean connectionsValid() {
        try {
            return management != null && user != null && management.isValid(5) && user.isValid(5);
        } catch (SQLException e) {
            return false;
        }
    }

    boolean managementValid() {
        try {
            return management != null && management.isValid(5);
        } catch (SQLException e) {
            return false;
        }
    }

    /** A new user connection when only that one was lost (a terminated backend). */
    void reconnectUser() throws SQLException {
        closeQuietly(user);
        user = address.connectUser(userPassword, statementTimeout);
    }

    void closeConnections() {
        closeQuietly(user);
        closeQuietly(management);
        user = null;
        management = null;
    }

    void closed() {
        closeConnections();
        written.forget();
        state = State.CLOSED;
    }

    private void closeQuietly(Connection conn) {
        if (conn == null) {
            return;
        }
        try {
            conn.close();
        } catch (SQLException | RuntimeException e) {
            LOG.debug("closing a connection of session {}/{}: {}", key.user(), key.channel(), e.getMessage());
        }
    }
}
