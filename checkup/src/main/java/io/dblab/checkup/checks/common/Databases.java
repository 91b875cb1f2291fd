package io.dblab.checkup.checks.common;

import io.dblab.checkup.api.HostConnection;
import java.sql.SQLException;
import io.dblab.checkup.api.Priority;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Per-database collection: a step runs on every connectable database of a host, and a database
 * that cannot be entered or read is noted while the others go on. The F and H checks note such
 * databases under {@code database_errors} (database → error), the A and L checks under
 * {@code databases_not_checked} (rows of database and error); both shapes are in the reports.
 */
public final class Databases {
    private Databases() {}

    /** One database's part of a per-database check. */
    public interface Step {
        void run(String database, HostConnection session) throws SQLException;
    }

    /** A query run in one database. */
    @FunctionalInterface
    public interface Query {
        List<Map<String, Object>> rows(HostConnection session) throws SQLException;
    }

    private interface Failure {
        void note(String database, SQLException e);
    }

    /** Runs {@code step} for each database; failures go into {@code errors} by database name. */
    public static void each(HostConnection host, Map<String, Object> errors, Step step) throws SQLException {
        each(host, step, (db, e) -> errors.put(db, describe(e)));
    }

    /**
     * The data of a check that lists rows from every database: the rows, each with its database as
     * the first column, under {@code key}, and the failures under {@code database_errors} when any.
     */
    public static Map<String, Object> taggedRows(HostConnection host, String key, Query query) throws SQLException {
        List<Map<String, Object>> rows = new ArrayList<>();
        Map<String, Object> errors = new LinkedHashMap<>();
        each(host, errors, (db, session) -> rows.addAll(tagged(db, query.rows(session))));
        Map<String, Object> data = new LinkedHashMap<>();
        data.put(key, rows);
        putErrors(data, errors);
        return data;
    }

    /** The rows of {@code query} from every database; failures are added to {@code notChecked}. */
    public static List<Map<String, Object>> rows(HostConnection host, Query query, List<Map<String, Object>> notChecked)
            throws SQLException {
        List<Map<String, Object>> rows = new ArrayList<>();
        each(host, (db, session) -> rows.addAll(query.rows(session)), (db, e) -> {
            Map<String, Object> failed = new LinkedHashMap<>();
            failed.put("database", db);
            failed.put("error", describe(e));
            notChecked.add(failed);
        });
        return rows;
    }

    /** The rows, each with the database's name as its first column. */
    public static List<Map<String, Object>> tagged(String database, List<Map<String, Object>> rows) {
        List<Map<String, Object>> out = new ArrayList<>(rows.size());
        for (Map<String, Object> r : rows) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("database", database);
            row.putAll(r);
            out.add(row);
        }
        return out;
    }

    /**
     * The rows of per-database data (a list of rows with a {@code database} column) that {@code keep}
     * accepts, grouped by database in the order the databases first appear.
     */
    public static Map<String, List<Map<String, Object>>> byDatabase(Object rows, Predicate<Map<String, Object>> keep) {
        Map<String, List<Map<String, Object>>> groups = new LinkedHashMap<>();
        for (Map<String, Object> r : Values.rows(rows)) {
            if (keep.test(r)) {
                groups.computeIfAbsent(Values.text(r.get("database")), db -> new ArrayList<>()).add(r);
            }
        }
        return groups;
    }

    /**
     * The rows of per-database data grouped by database, as {@link #byDatabase}, and within a database
     * by their priority (in the order of {@link Priority}); rows without one are left out.
     */
    public static Map<String, Map<Priority, List<Map<String, Object>>>> byDatabaseAndPriority(
            Object rows, Function<Map<String, Object>, Priority> priority) {
        Map<String, Map<Priority, List<Map<String, Object>>>> groups = new LinkedHashMap<>();
        byDatabase(rows, r -> priority.apply(r) != null).forEach((db, kept) -> {
            Map<Priority, List<Map<String, Object>>> byPriority = new EnumMap<>(Priority.class);
            for (Map<String, Object> r : kept) {
                byPriority.computeIfAbsent(priority.apply(r), p -> new ArrayList<>()).add(r);
            }
            groups.put(db, byPriority);
        });
        return groups;
    }

    /** All rows of per-database data, grouped by database. */
    public static Map<String, List<Map<String, Object>>> byDatabase(Object rows) {
        return byDatabase(rows, r -> true);
    }

    /** Adds the failures of {@link #each} to a check's data as {@code database_errors}, when there are any. */
    public static void putErrors(Map<String, Object> data, Map<String, Object> errors) {
        if (!errors.isEmpty()) {
            data.put("database_errors", errors);
        }
    }

    /** Adds the failures of {@link #rows} to a check's data as {@code databases_not_checked}, when there are any. */
    public static void putNotChecked(Map<String, Object> data, List<Map<String, Object>> notChecked) {
        if (!notChecked.isEmpty()) {
            data.put("databases_not_checked", notChecked);
        }
    }

    private static void each(HostConnection host, Step step, Failure failure) throws SQLException {
        for (String db : host.databases()) {
            try {
                step.run(db, host.forDatabase(db));
            } catch (SQLException e) {
                failure.note(db, e);
            }
        }
    }

    /** The first line of the error's message, or its class when it has none. */
    private static String describe(SQLException e) {
        String message = e.getMessage();
        if (message == null) {
            return e.getClass().getSimpleName();
        }
        int newline = message.indexOf('\n');
        return newline >= 0 ? message.substring(0, newline) : message;
    }
}
