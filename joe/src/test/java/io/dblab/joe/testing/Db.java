package io.dblab.joe.testing;

import io.dblab.testkit.TestPostgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** Connections and one-line queries for the tests of this module. */
public final class Db {
    private Db() {
    }

    public static Connection connect(TestPostgres pg, String database) throws SQLException {
        return connect(pg, database, "postgres", TestPostgres.PASSWORD);
    }

    public static Connection connect(TestPostgres pg, String database, String user, String password) throws SQLException {
        return DriverManager.getConnection(pg.jdbcUrl(database), user, password);
    }

    /** The rows of a one-column result, as EXPLAIN (FORMAT TEXT) returns its lines. */
    public static List<String> column(Connection conn, String sql) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                values.add(rs.getString(1));
            }
        }
        return values;
    }

    public static String value(Connection conn, String sql) throws SQLException {
        return column(conn, sql).get(0);
    }

    /** Closes the test's connection and server, whichever of them was opened. */
    public static void close(Connection conn, TestPostgres pg) throws SQLException {
        try {
            if (conn != null) {
                conn.close();
            }
        } finally {
            if (pg != null) {
                pg.close();
            }
        }
    }

    public static void execute(Connection conn, String sql) throws SQLException {
        try (Statement st = conn.createStatement()) {
            st.execute(sql);
        }
    }
}
