package io.dblab.joe.command;

import io.dblab.joe.plan.StrictMode;
import io.dblab.joe.redact.Notices;
import io.dblab.joe.sql.SingleStatement;
import io.dblab.joe.session.Session;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code exec}: runs DDL or DML on the clone and keeps its effect. The answer says only that it
 * completed, how many rows it affected (or returned: they are counted, never read) and how long it
 * took. It runs in a transaction with the statement timeout set for it; a statement that cannot run in
 * one (CREATE INDEX CONCURRENTLY, VACUUM) runs on its own after the timeout is set for the connection.
 */
final class ExecCommand {
    private static final String ACTIVE_TRANSACTION = "25001";
    private static final int FETCH_ROWS = 1000;
    private final CommandSettings settings;

    ExecCommand(CommandSettings settings) {
        this.settings = settings;
    }

    Answer run(Command.Exec command, Session session) throws SQLException {
        session.written().add(command.sql());
        Optional<String> statement = SingleStatement.of(command.sql());
        if (statement.isEmpty()) {
            return Answer.text(command.verb(), Answer.Outcome.FAILED,
                    "ERROR: send exactly one SQL statement (none or several were sent)");
        }
        Connection conn = session.user();
        long started = System.nanoTime();
        Result result;
        try {
            try {
                result = inTransaction(conn, statement.get());
            } catch (SQLException e) {
                if (!ACTIVE_TRANSACTION.equals(e.getSQLState())) {
                    throw e;
                }
                result = alone(conn, statement.get());
            }
        } catch (SQLException e) {
            return Answer.text(command.verb(), Answer.Outcome.FAILED,
                    Failures.text(e, command.sql(), session, settings.statementTimeout()));
        }
        double millis = (System.nanoTime() - started) / 1e6;
        StringBuilder text = new StringBuilder("exec: completed in ").append(String.format(Locale.ROOT, "%.3f ms", millis));
        if (result.returnedRows() >= 0) {
            text.append("; rows returned: ").append(count(result.returnedRows())).append(" (not shown)");
        } else {
            text.append("; rows affected: ").append(count(Math.max(0, result.affectedRows())));
        }
        List<String> notices = NoticeLines.of(result.notices(), session);
        if (!notices.isEmpty()) {
            text.append('\n').append(String.join("\n", notices));
        }
        return Answer.text(command.verb(), Answer.Outcome.OK, text.toString());
    }

    private Result inTransaction(Connection conn, String sql) throws SQLException {
        conn.setAutoCommit(false);
        try (Statement st = conn.createStatement()) {
            st.setEscapeProcessing(false);
            st.execute("SET LOCAL statement_timeout = " + settings.statementTimeout().toMillis());
            st.setFetchSize(FETCH_ROWS);
            Result result = execute(st, sql);
            conn.commit();
            return result;
        } catch (SQLException e) {
            conn.rollback();
            throw e;
        } finally {
            conn.setAutoCommit(true);
        }
    }

    private Result alone(Connection conn, String sql) throws SQLException {
        try (Statement st = conn.createStatement()) {
            st.setEscapeProcessing(false);
            st.execute("SET statement_timeout = " + settings.statementTimeout().toMillis());
            return execute(st, sql);
        }
    }

    /** Rows a query returns are counted as they stream by; no value is read. */
    private Result execute(Statement st, String sql) throws SQLException {
        long returned = -1;
        if (st.execute(sql)) {
            returned = 0;
            try (ResultSet rs = st.getResultSet()) {
                while (rs.next()) {
                    returned++;
                }
            }
        }
        long affected = st.getUpdateCount();
        return new Result(affected, returned, Notices.drain(st, sql));
    }

    private String count(long rows) {
        return Long.toString(settings.strictMode() ? StrictMode.oneSignificantFigure(rows) : rows);
    }

    private record Result(long affectedRows, long returnedRows, Notices notices) {
    }
}
