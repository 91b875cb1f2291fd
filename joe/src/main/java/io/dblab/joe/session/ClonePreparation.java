package io.dblab.joe.session;

import io.dblab.pg.auth.ScramVerifier;
import io.dblab.pg.server.ObjectOwnership;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;

/**
 * Makes a fresh clone (just created, or just reset to its snapshot) ready for a session, over the
 * management connection and before the person can run anything: the user role with the objects handed
 * to it, Joe's schema with HypoPG, and last the marker with the baseline transaction. Every statement
 * names pg_catalog objects explicitly; the management connection's search_path is pg_catalog alone.
 */
public final class ClonePreparation {
    private static final String HYPOPG = "hypopg";

    private ClonePreparation() {
    }

    /**
     * One transaction, committed once: a new session's first command waits for it, and a commit per
     * statement would cost a WAL flush each. Its {@code txid_current()} is the baseline, so the catalog
     * rows it writes (xmin equal to the baseline) count as the clone's, as the person's never do.
     */
    static PreparedClone prepare(Connection management, UserLogin user, String marker) throws SQLException {
        management.setAutoCommit(false);
        try {
            prepareInTransaction(management, user.verifier(), marker);
            management.commit();
        } catch (SQLException | RuntimeException e) {
            management.rollback();
            throw e;
        } finally {
            management.setAutoCommit(true);
        }
        return read(management).orElseThrow(() -> new SQLException("the clone's marker was not written"));
    }

    private static void prepareInTransaction(Connection management, String userVerifier, String marker) throws SQLException {
        createUserRole(management, userVerifier);
        try (Statement st = management.createStatement()) {
            st.execute("SELECT pg_catalog.set_config('" + ObjectOwnership.OWNER_SETTING + "', '" + CloneRoles.USER + "', false)");
            st.execute(ObjectOwnership.TRANSFER_TO_OWNER_SETTING);
            st.execute("CREATE SCHEMA " + CloneRoles.SCHEMA);
            st.execute("REVOKE ALL ON SCHEMA " + CloneRoles.SCHEMA + " FROM PUBLIC");
            st.execute("GRANT USAGE ON SCHEMA " + CloneRoles.SCHEMA + " TO " + CloneRoles.USER);
            st.execute("CREATE TABLE " + CloneRoles.SCHEMA + ".session (marker pg_catalog.text NOT NULL, baseline pg_catalog.int8 NOT NULL)");
            if (hypopgAvailable(management)) {
                st.execute("CREATE EXTENSION IF NOT EXISTS " + HYPOPG + " SCHEMA " + CloneRoles.SCHEMA);
            }
        }
        Optional<String> hypopg = hypopgSchema(management);
        if (hypopg.isPresent()) {
            try (Statement st = management.createStatement()) {
                // the list is a view (wherever the extension lives); the functions are executable by everyone already
                st.execute("GRANT SELECT ON " + quoted(hypopg.get()) + ".hypopg_list_indexes TO " + CloneRoles.USER);
            }
        }
        try (PreparedStatement st = management.prepareStatement("INSERT INTO " + CloneRoles.SCHEMA
                + ".session SELECT ?, pg_catalog.txid_current()")) {
            st.setString(1, marker);
            st.executeUpdate();
        }
    }

    /** The clone's marker and baseline, or empty when the clone was never prepared or has been reset since. */
    public static Optional<PreparedClone> read(Connection management) throws SQLException {
        try (Statement st = management.createStatement();
             ResultSet rs = st.executeQuery("SELECT s.marker, s.baseline FROM " + CloneRoles.SCHEMA + ".session s")) {
            if (!rs.next()) {
                return Optional.empty();
            }
            return Optional.of(new PreparedClone(rs.getString(1), rs.getLong(2), hypopgSchema(management)));
        } catch (SQLException e) {
            if ("42P01".equals(e.getSQLState()) || "3F000".equals(e.getSQLState())) {
                return Optional.empty(); // no such table or schema: a clone fresh from its snapshot
            }
            throw e;
        }
    }

    private static Optional<String> hypopgSchema(Connection management) throws SQLException {
        try (Statement st = management.createStatement();
             ResultSet rs = st.executeQuery("SELECT n.nspname FROM pg_catalog.pg_extension e JOIN pg_catalog.pg_namespace n"
                     + " ON n.oid OPERATOR(pg_catalog.=) e.extnamespace WHERE e.extname OPERATOR(pg_catalog.=) '" + HYPOPG + "'")) {
            return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
        }
    }

    private static String quoted(String name) {
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    /** A new password for the user role; the old one lived only in a Joe process that is gone. */
    public static void setUserPassword(Connection management, String userPassword) throws SQLException {
        try (Statement st = management.createStatement()) {
            st.execute("ALTER ROLE " + CloneRoles.USER + " PASSWORD '" + ScramVerifier.compute(userPassword) + "'");
        }
    }

    /**
     * A role of the same name that came with the snapshot is dropped first, so that the user role has
     * only what Joe gives it. The password goes to the server as a SCRAM verifier, never in plaintext.
     */
    private static void createUserRole(Connection management, String userVerifier) throws SQLException {
        try (Statement st = management.createStatement()) {
            boolean exists;
            try (ResultSet rs = st.executeQuery("SELECT 1 FROM pg_catalog.pg_roles WHERE rolname OPERATOR(pg_catalog.=) '"
                    + CloneRoles.USER + "'")) {
                exists = rs.next();
            }
            if (exists) {
                st.execute("REASSIGN OWNED BY " + CloneRoles.USER + " TO " + CloneRoles.MANAGEMENT);
                st.execute("DROP OWNED BY " + CloneRoles.USER);
                st.execute("DROP ROLE " + CloneRoles.USER);
            }
            st.execute("CREATE ROLE " + CloneRoles.USER + " LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION"
                    + " NOBYPASSRLS PASSWORD '" + userVerifier + "'");
        }
    }

    private static boolean hypopgAvailable(Connection management) throws SQLException {
        try (Statement st = management.createStatement();
             ResultSet rs = st.executeQuery("SELECT 1 FROM pg_catalog.pg_available_extensions WHERE name OPERATOR(pg_catalog.=) '"
                     + HYPOPG + "'")) {
            return rs.next();
        }
    }
}
