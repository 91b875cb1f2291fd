package io.dblab.joe.explain;

import io.dblab.joe.plan.ExplainPlan;
import io.dblab.joe.redact.ErrorRedactor;
import io.dblab.joe.redact.Notices;
import io.dblab.joe.redact.RedactedError;
import io.dblab.joe.redact.RedactedSqlException;
import io.dblab.joe.sql.SingleStatement;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;

/**
 * Runs the person's statement under EXPLAIN on a connection (to their clone) inside a transaction that
 * is always rolled back, with a statement timeout set for that transaction only. Returns the plan, never
 * a result row; every failure comes back redacted.
 */
public final class ExplainRunner {
    public static final Duration DEFAULT_STATEMENT_TIMEOUT = Duration.ofMinutes(10);
    private final Duration statementTimeout;

    public ExplainRunner(Duration statementTimeout) {
        if (statementTimeout.isNegative() || statementTimeout.isZero()) {
            throw new IllegalArgumentException("a statement timeout must be positive: " + statementTimeout);
        }
        this.statementTimeout = statementTimeout;
    }

    /** EXPLAIN ANALYZE with buffers, WAL and settings: the statement runs, and its effects are rolled back. */
    public ExplainResult explain(Connection conn, String sql) throws RedactedSqlException {
        return run(conn, ExplainMode.ANALYZE, sql);
    }

    /** The plan without running the statement. */
    public ExplainResult plan(Connection conn, String sql) throws RedactedSqlException {
        return run(conn, ExplainMode.PLAN_ONLY, sql);
    }

    public ExplainResult run(Connection conn, ExplainMode mode, String sql) throws RedactedSqlException {
        Optional<String> statement = SingleStatement.of(sql);
        if (statement.isEmpty()) {
            throw new RedactedSqlException(new RedactedError("ERROR", "42601",
                    "send exactly one SQL statement (none or several were sent)", Optional.empty(), 0));
        }
        try (RolledBackTransaction tx = RolledBackTransaction.begin(conn);
             Statement st = conn.createStatement()) {
            st.setEscapeProcessing(false); // the SQL goes to the server as the person wrote it
            st.execute("SET LOCAL statement_timeout = " + statementTimeout.toMillis());
            String json;
            try (ResultSet rs = st.executeQuery(mode.prefix() + statement.get())) {
                rs.next();
                json = rs.getString(1);
            }
            Notices notices = Notices.drain(st, sql);
            return new ExplainResult(ExplainPlan.parse(json), notices);
        } catch (SQLException e) {
            throw new RedactedSqlException(ErrorRedactor.redact(e, sql));
        }
    }
}
