package io.dblab.checkup.runner;

import io.dblab.checkup.api.HostConnection;
import io.dblab.checkup.api.HostRole;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * A checkup session on one database of one host, over pgjdbc. After connecting it makes the session
 * read-only and sets the time limits with plain {@code SET} statements (not the {@code options}
 * startup parameter, which pgbouncer refuses), and it never prepares server-side statements
 * ({@code prepareThreshold=0}), so it also works through a transaction-pooling pgbouncer.
 */
public final class PgSession implements HostConnection, AutoCloseable {
    public static final String STATEMENT_TIMEOUT = "30s";
    public static final String LOCK_TIMEOUT = "5s";
    static final List<String> SESSION_SETTINGS = List.of(
            "SET default_transaction_read_only = on",
            "SET statement_timeout = '" + STATEMENT_TIMEOUT + "'",
            "SET lock_timeout = '" + LOCK_TIMEOUT + "'",
            "SET application_name = '" + APPLICATION_NAME + "'");

    private final ConnTarget target;
    private final String name;
    private final Optional<String> password;
    private final Connection jdbc;
    private final HostRole role;
    private final int serverVersionNum;
    private final PgSession root;
    private final Map<String, PgSession> others = new LinkedHashMap<>();

    private PgSession(ConnTarget target, String name, Optional<String> password, Connection jdbc, HostRole role,
                      int serverVersionNum, PgSession root) {
        this.target = target;
        this.name = name;
        this.password = password;
        this.jdbc = jdbc;
        this.role = role;
        this.serverVersionNum = serverVersionNum;
        this.root = root;
    }

    /** Opens the session; {@code name} is the host's name in the report. */
    public static PgSession open(ConnTarget target, String name, Optional<String> password) throws SQLException {
        return open(target, name, password, null);
    }

    private static PgSession open(ConnTarget target, String name, Optional<String> password, PgSession root)
            throws SQLException {
        Connection c = DriverManager.getConnection(jdbcUrl(target), properties(target, password));
        try {
            c.setAutoCommit(true);
            try (Statement st = c.createStatement()) {
                for (String set : SESSION_SETTINGS) {
                    st.execute(set);
                }
            }
            leaveOutOfQueryStatistics(c);
            HostRole role;
            int version;
            try (Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT pg_is_in_recovery(), current_setting('server_version_num')::int")) {
                rs.next();
                role = rs.getBoolean(1) ? HostRole.STANDBY : HostRole.PRIMARY;
                version = rs.getInt(2);
            }
            return new PgSession(target, name, password, c, role, version, root);
        } catch (SQLException | RuntimeException e) {
            c.close();
            throw e;
        }
    }

    /**
     * Keeps the checkup's own statements out of pg_stat_statements, so they do not appear in the
     * workload it reports; only superusers (or roles granted SET on it) may change this, so a
     * refusal is expected and ignored (K00x also drop statements that carry the checkup's marker).
     */
    private static void leaveOutOfQueryStatistics(Connection c) {
        try (Statement st = c.createStatement()) {
            st.execute("SET pg_stat_statements.track = 'none'");
        } catch (SQLException e) {
            // not allowed for this role, or the extension is not loaded: nothing to leave out then
        }
    }

    static String jdbcUrl(ConnTarget target) {
        String host = target.host().contains(":") ? "[" + target.host() + "]" : target.host();
        return "jdbc:postgresql://" + host + ":" + target.port() + "/"
                + java.net.URLEncoder.encode(target.database(), java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
    }

    static Properties properties(ConnTarget target, Optional<String> password) {
        Properties p = new Properties();
        p.setProperty("user", target.user());
        password.ifPresent(pw -> p.setProperty("password", pw));
        p.setProperty("prepareThreshold", "0");
        p.setProperty("ApplicationName", APPLICATION_NAME);
        p.setProperty("readOnly", "true");
        p.setProperty("logServerErrorDetail", "false");
        p.setProperty("connectTimeout", target.params().getOrDefault("connect_timeout", "10"));
        p.setProperty("socketTimeout", "300");
        p.setProperty("tcpKeepAlive", "true");
        copy(target, p, "sslmode", "sslmode");
        copy(target, p, "sslrootcert", "sslrootcert");
        copy(target, p, "sslcert", "sslcert");
        copy(target, p, "sslkey", "sslkey");
        copy(target, p, "gssencmode", "gssEncMode");
        return p;
    }

    private static void copy(ConnTarget target, Properties p, String from, String to) {
        String value = target.params().get(from);
        if (value != null) {
            p.setProperty(to, value);
        }
    }

    public ConnTarget target() {
        return target;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public HostRole role() {
        return role;
    }

    @Override
    public int serverVersionNum() {
        return serverVersionNum;
    }

    @Override
    public String database() {
        return target.database();
    }

    @Override
    public Connection jdbc() {
        return jdbc;
    }

    @Override
    public List<Map<String, Object>> query(String sql, Object... params) throws SQLException {
        try (PreparedStatement ps = jdbc.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                ResultSetMetaData md = rs.getMetaData();
                int n = md.getColumnCount();
                List<Map<String, Object>> rows = new ArrayList<>();
                while (rs.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int i = 1; i <= n; i++) {
                        row.put(md.getColumnLabel(i), JdbcValues.read(rs, i));
                    }
                    rows.add(row);
                }
                return rows;
            }
        }
    }

    @Override
    public List<String> databases() throws SQLException {
        List<String> names = new ArrayList<>();
        for (Map<String, Object> row : query("SELECT datname FROM pg_database WHERE datallowconn AND NOT datistemplate "
                + "AND has_database_privilege(oid, 'CONNECT') ORDER BY datname")) {
            names.add((String) row.get("datname"));
        }
        return names;
    }

    @Override
    public synchronized HostConnection forDatabase(String database) throws SQLException {
        if (database.equals(database())) {
            return this;
        }
        if (root != null) {
            return root.forDatabase(database);
        }
        PgSession existing = others.get(database);
        if (existing != null && existing.isUsable()) {
            return existing;
        }
        if (existing != null) {
            existing.closeQuietly();
        }
        ConnTarget other = new ConnTarget(target.host(), target.port(), database, target.user(), target.params());
        PgSession session = open(other, name, password, this);
        others.put(database, session);
        return session;
    }

    @Override
    public boolean hasExtension(String extension) throws SQLException {
        return !query("SELECT 1 FROM pg_extension WHERE extname = ?", extension).isEmpty();
    }

    /** Whether the connection still works (a check may have broken it). */
    public boolean isUsable() {
        try {
            return !jdbc.isClosed() && jdbc.isValid(5);
        } catch (SQLException e) {
            return false;
        }
    }

    /** Back to a clean state after a check: autocommit on, nothing left open. */
    void resetAfterCheck() {
        try {
            if (!jdbc.getAutoCommit()) {
                jdbc.rollback();
                jdbc.setAutoCommit(true);
            }
        } catch (SQLException e) {
            // a broken connection is found by isUsable() and reopened
        }
    }

    /** A fresh session to the same database, for when this one broke. */
    PgSession reopen() throws SQLException {
        closeQuietly();
        return open(target, name, password, null);
    }

    @Override
    public void close() {
        closeQuietly();
    }

    private synchronized void closeQuietly() {
        for (PgSession other : others.values()) {
            other.closeQuietly();
        }
        others.clear();
        try {
            jdbc.close();
        } catch (SQLException e) {
            // closing anyway
        }
    }
}
