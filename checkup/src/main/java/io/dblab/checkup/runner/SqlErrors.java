package io.dblab.checkup.runner;

import java.sql.SQLException;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * The one-line text of a failure that goes into a report: the server's primary message and
 * SQLSTATE, without DETAIL or WHERE (which can quote values).
 */
public final class SqlErrors {
    private SqlErrors() {}

    public static String describe(SQLException e) {
        if (e instanceof PSQLException p) {
            ServerErrorMessage server = p.getServerErrorMessage();
            if (server != null && server.getMessage() != null) {
                String state = server.getSQLState();
                return server.getMessage() + (state != null ? " (SQLSTATE " + state + ")" : "");
            }
        }
        return firstLine(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
    }

    /** A message's first line: a report has one line per failure. */
    static String firstLine(String message) {
        int newline = message.indexOf('\n');
        return newline >= 0 ? message.substring(0, newline) : message;
    }
}
