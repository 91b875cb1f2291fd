package io.dblab.joe.redact;

import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.postgresql.util.PSQLWarning;

/**
 * NOTICE, WARNING and INFO messages of a statement. Those raised by user functions are suppressed
 * (only counted); the server's own are kept, redacted like errors.
 */
public record Notices(List<RedactedError> kept, int suppressed) {
    public Notices {
        kept = List.copyOf(kept);
    }

    /** Takes the statement's warnings and clears them, so that nothing unredacted stays reachable. */
    public static Notices drain(Statement statement, String userSql) throws SQLException {
        SQLWarning first = statement.getWarnings();
        statement.clearWarnings();
        return of(first, userSql);
    }

    public static Notices of(SQLWarning first, String userSql) {
        List<RedactedError> kept = new ArrayList<>();
        int suppressed = 0;
        for (SQLWarning w = first; w != null; w = w.getNextWarning()) {
            if (w instanceof PSQLWarning p && p.getServerErrorMessage() != null && UserRaised.by(p.getServerErrorMessage())) {
                suppressed++;
            } else {
                kept.add(ErrorRedactor.redact(w, userSql));
            }
        }
        return new Notices(kept, suppressed);
    }
}
