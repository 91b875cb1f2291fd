package io.dblab.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;

/** What "the database is usable" means in every measurement: a pgjdbc connection over TCP that runs a query. */
final class Jdbc {
    private Jdbc() {}

    static Connection open(int port, String database, String user, String password) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", user);
        props.setProperty("password", password);
        props.setProperty("connectTimeout", "10");
        props.setProperty("ApplicationName", "dblab-clone-bench");
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/" + database, props);
    }

    /** Connects and runs {@code SELECT 1}; fails when the server does not accept the connection. */
    static void selectOne(int port, String database, String user, String password) throws SQLException {
        try (Connection connection = open(port, database, user, password);
             Statement statement = connection.createStatement()) {
            statement.execute("SELECT 1");
        }
    }

    /**
     * Retries {@link #selectOne} until it works. A server reported ready should accept at once, so
     * any retry shows up in the timing, which is the point.
     */
    static void awaitSelectOne(int port, String database, String user, String password, Duration timeout)
            throws SQLException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                selectOne(port, database, user, password);
                return;
            } catch (SQLException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(5);
            }
        }
    }

    static void execute(int port, String database, String user, String password, String sql) throws SQLException {
        try (Connection connection = open(port, database, user, password);
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
