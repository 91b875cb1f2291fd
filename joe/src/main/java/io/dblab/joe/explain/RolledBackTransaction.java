package io.dblab.joe.explain;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * A transaction that ends in ROLLBACK whatever happens in it, on a connection that was in autocommit
 * mode and is put back into it. Joe never commits what it runs for a plan.
 */
final class RolledBackTransaction implements AutoCloseable {
    private final Connection conn;

    private RolledBackTransaction(Connection conn) {
        this.conn = conn;
    }

    static RolledBackTransaction begin(Connection conn) throws SQLException {
        if (!conn.getAutoCommit()) {
            // a transaction already open belongs to someone else, and rolling it back would undo their work
            throw new IllegalStateException("the connection must be in autocommit mode");
        }
        conn.setAutoCommit(false);
        return new RolledBackTransaction(conn);
    }

    @Override
    public void close() throws SQLException {
        try {
            conn.rollback();
        } finally {
            conn.setAutoCommit(true);
        }
    }
}
