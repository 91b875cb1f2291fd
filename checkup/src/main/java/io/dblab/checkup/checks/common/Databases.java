package io.dblab.checkup.checks.common;

import io.dblab.checkup.api.HostConnection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/** Runs a per-database step on every database of a host; a database that fails is noted, the others go on. */
public final class Databases {
    private Databases() {}

    public interface Step {
        void run(String database, HostConnection session) throws SQLException;
    }

    /** Runs {@code step} for each database; errors go into {@code errors} by database name. */
    public static void each(HostConnection host, Map<String, Object> errors, Step step) throws SQLException {
        List<String> names = host.databases();
        for (String db : names) {
            try {
                step.run(db, host.forDatabase(db));
            } catch (SQLException e) {
                errors.put(db, firstLine(e.getMessage()));
            }
        }
    }

    public static String firstLine(String message) {
        if (message == null) {
            return "error";
        }
        int nl = message.indexOf('\n');
        return nl >= 0 ? message.substring(0, nl) : message;
    }
}
