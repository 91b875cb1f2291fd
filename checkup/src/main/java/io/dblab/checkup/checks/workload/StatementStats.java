package io.dblab.checkup.checks.workload;

import io.dblab.checkup.api.CheckUnavailableException;
import io.dblab.checkup.api.HostConnection;
import io.dblab.checkup.api.HostData;
import io.dblab.checkup.checks.common.Values;
import io.dblab.checkup.sql.QueryNormalizer;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Samples of {@code pg_stat_statements} and their differences, for K001–K003.
 *
 * <p>A sample reads the view where the extension is installed (the session's database, else the
 * first database of the host that has it), top-level statements only when the view tells them apart
 * (so that time spent in functions is not counted twice). Query texts never leave it raw: each one
 * goes through {@link QueryNormalizer}, which replaces every literal that PostgreSQL left in
 * (utility statements are not normalized before PostgreSQL 16), and is cut at 20,000 characters.
 *
 * <p>The checkup's own statements are left out in two ways: every session of the host that the
 * checkup has open is switched to {@code SET pg_stat_statements.track = 'none'} (allowed to
 * superusers and roles granted SET on that parameter; otherwise nothing changes), and entries whose
 * text carries the checkup's marker comment {@code dblab-checkup} (all queries of the F, H and K
 * checks do) are dropped.
 */
final class StatementStats {
    /** The comment every query of these checks carries, so that their statistics can be left out. */
    static final String OWN_QUERY_MARKER = "dblab-checkup";
    static final int MAX_QUERY_CHARS = 20_000;

    /** A counter of the view: its name in the data and the view's column names for it, newest first. */
    record Counter(String name, List<String> columns) {}

    static final List<Counter> COUNTERS = List.of(
            new Counter("calls", List.of("calls")),
            new Counter("total_exec_time_ms", List.of("total_exec_time", "total_time")),
            new Counter("total_plan_time_ms", List.of("total_plan_time")),
            new Counter("rows", List.of("rows")),
            new Counter("shared_blks_hit", List.of("shared_blks_hit")),
            new Counter("shared_blks_read", List.of("shared_blks_read")),
            new Counter("shared_blks_dirtied", List.of("shared_blks_dirtied")),
            new Counter("shared_blks_written", List.of("shared_blks_written")),
            new Counter("temp_blks_read", List.of("temp_blks_read")),
            new Counter("temp_blks_written", List.of("temp_blks_written")),
            new Counter("blk_read_time_ms", List.of("shared_blk_read_time", "blk_read_time")),
            new Counter("blk_write_time_ms", List.of("shared_blk_write_time", "blk_write_time")),
            new Counter("wal_bytes", List.of("wal_bytes")));

    private StatementStats() {}

    /** One sample; {@code withText} keeps the normalized query texts (K003), otherwise only statement types. */
    static HostData sample(HostConnection host, boolean withText) throws SQLException {
        HostConnection session = locate(host);
        boolean untracked = untrackOwnSessions(host, session);
        String schema = (String) session.query("SELECT /* dblab-checkup */ quote_ident(n.nspname) AS schema "
                + "FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace "
                + "WHERE e.extname = 'pg_stat_statements'").get(0).get("schema");
        List<String> columns = new ArrayList<>();
        for (Map<String, Object> r : session.query("SELECT /* dblab-checkup */ attname::text AS col FROM pg_attribute "
                + "WHERE attrelid = to_regclass(?) AND attnum > 0 AND NOT attisdropped", schema + ".pg_stat_statements")) {
            columns.add((String) r.get("col"));
        }
        StringBuilder select = new StringBuilder("SELECT /* dblab-checkup */ s.userid::bigint AS userid, "
                + "s.dbid::bigint AS dbid, s.queryid, d.datname AS database, r.rolname AS username, s.query");
        List<String> present = new ArrayList<>();
        for (Counter c : COUNTERS) {
            c.columns().stream().filter(columns::contains).findFirst().ifPresent(col -> {
                select.append(", s.").append(col).append("::float8 AS ").append(c.name());
                present.add(c.name());
            });
        }
        select.append(" FROM ").append(schema).append(".pg_stat_statements s")
                .append(" LEFT JOIN pg_database d ON d.oid = s.dbid LEFT JOIN pg_roles r ON r.oid = s.userid");
        if (columns.contains("toplevel")) {
            select.append(" WHERE s.toplevel");
        }
        List<Map<String, Object>> rows;
        try {
            rows = session.query(select.toString());
        } catch (SQLException e) {
            if ("55000".equals(e.getSQLState())) {
                throw new CheckUnavailableException("pg_stat_statements is installed in database " + session.database()
                        + " but not loaded (needs shared_preload_libraries = 'pg_stat_statements' and a restart)");
            }
            throw e;
        }
        List<Map<String, Object>> entries = new ArrayList<>();
        int own = 0;
        for (Map<String, Object> r : rows) {
            String raw = (String) r.get("query");
            if (raw != null && raw.contains(OWN_QUERY_MARKER)) {
                own++;
                continue;
            }
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("entry", r.get("userid") + "/" + r.get("dbid") + "/" + r.get("queryid"));
            e.put("database", r.get("database"));
            e.put("user", r.get("username"));
            String normalized = raw == null ? "" : QueryNormalizer.normalize(raw);
            e.put("type", raw == null ? "OTHER" : QueryNormalizer.statementType(normalized));
            if (withText) {
                e.put("query", raw == null ? "(query text not available)"
                        : normalized.length() > MAX_QUERY_CHARS ? normalized.substring(0, MAX_QUERY_CHARS) + " …" : normalized);
            }
            for (Counter c : COUNTERS) {
                if (r.containsKey(c.name())) {
                    e.put(c.name(), r.get(c.name()));
                }
            }
            entries.add(e);
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("pg_stat_statements_database", session.database());
        data.put("own_queries_untracked", untracked);
        data.put("own_entries_left_out", own);
        List<Map<String, Object>> info = session.query("SELECT /* dblab-checkup */ to_regclass(?) IS NOT NULL AS has_info",
                schema + ".pg_stat_statements_info");
        if (Values.bool(info.get(0).get("has_info"))) {
            Map<String, Object> i = session.query("SELECT /* dblab-checkup */ dealloc, stats_reset::text AS stats_reset FROM "
                    + schema + ".pg_stat_statements_info").get(0);
            data.put("dealloc", i.get("dealloc"));
            data.put("stats_reset", i.get("stats_reset"));
        }
        data.put("counters", present);
        data.put("entries", entries);
        return HostData.of(data);
    }

    /** The session of the database where pg_stat_statements is installed. */
    private static HostConnection locate(HostConnection host) throws SQLException {
        if (installed(host)) {
            return host;
        }
        for (String db : host.databases()) {
            if (db.equals(host.database())) {
                continue;
            }
            try {
                HostConnection other = host.forDatabase(db);
                if (installed(other)) {
                    return other;
                }
            } catch (SQLException e) {
                // a database we cannot enter cannot be used either
            }
        }
        throw new CheckUnavailableException("pg_stat_statements is not installed in database " + host.database()
                + " (nor in any other database of this host); it needs shared_preload_libraries = "
                + "'pg_stat_statements' and CREATE EXTENSION pg_stat_statements");
    }

    private static boolean installed(HostConnection session) throws SQLException {
        return !session.query("SELECT /* dblab-checkup */ 1 FROM pg_extension WHERE extname = 'pg_stat_statements'")
                .isEmpty();
    }

    /**
     * Switches pg_stat_statements off for the checkup's own sessions on this host (the main one, the
     * one that reads the view, and one per database, which the per-database checks reuse), when the
     * role may. Returns whether it could.
     */
    private static boolean untrackOwnSessions(HostConnection host, HostConnection reader) throws SQLException {
        if (!untrack(host)) {
            return false;
        }
        untrack(reader);
        for (String db : host.databases()) {
            try {
                untrack(host.forDatabase(db));
            } catch (SQLException e) {
                // the database's own check will say why it cannot be entered
            }
        }
        return true;
    }

    private static boolean untrack(HostConnection session) throws SQLException {
        Connection c = session.jdbc();
        boolean autoCommit = c.getAutoCommit();
        Savepoint savepoint = autoCommit ? null : c.setSavepoint();
        try (Statement st = c.createStatement()) {
            st.execute("SET /* dblab-checkup */ pg_stat_statements.track = 'none'");
            if (savepoint != null) {
                c.releaseSavepoint(savepoint);
            }
            return true;
        } catch (SQLException e) {
            if (savepoint != null) {
                c.rollback(savepoint);
            }
            return false;
        }
    }

    /**
     * What happened between two samples: per entry the counters' differences (an entry that is new,
     * or whose calls went down because it was evicted and came back, counts from zero), entries that
     * did not run left out.
     */
    static List<Map<String, Object>> delta(HostData first, HostData second) {
        Map<String, Map<?, ?>> before = new HashMap<>();
        if (first.get("entries") instanceof List<?> list) {
            for (Object o : list) {
                if (o instanceof Map<?, ?> m) {
                    before.put(Values.text(m.get("entry")), m);
                }
            }
        }
        List<Map<String, Object>> out = new ArrayList<>();
        if (!(second.get("entries") instanceof List<?> list)) {
            return out;
        }
        for (Object o : list) {
            if (!(o instanceof Map<?, ?> now)) {
                continue;
            }
            Map<?, ?> then = before.get(Values.text(now.get("entry")));
            if (then != null && Values.numberOrZero(now.get("calls")) < Values.numberOrZero(then.get("calls"))) {
                then = null;
            }
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("database", now.get("database"));
            d.put("user", now.get("user"));
            d.put("type", now.get("type"));
            if (now.containsKey("query")) {
                d.put("query", now.get("query"));
            }
            for (Counter c : COUNTERS) {
                if (now.containsKey(c.name())) {
                    double v = Values.numberOrZero(now.get(c.name()))
                            - (then == null ? 0 : Values.numberOrZero(then.get(c.name())));
                    d.put(c.name(), Math.max(0, v));
                }
            }
            if (Values.numberOrZero(d.get("calls")) > 0 || Values.numberOrZero(d.get("total_exec_time_ms")) > 0) {
                out.add(d);
            }
        }
        return out;
    }

    /** Notes about the interval: its length, evictions and resets in between, how own queries were left out. */
    static Map<String, Object> intervalInfo(HostData first, HostData second, Duration elapsed) {
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("interval_seconds", Values.round(elapsed.toMillis() / 1000.0, 1));
        info.put("pg_stat_statements_database", second.get("pg_stat_statements_database"));
        if (second.values().containsKey("dealloc") && first.values().containsKey("dealloc")) {
            info.put("entries_evicted_during_interval",
                    Math.max(0, Values.longOrZero(second.get("dealloc")) - Values.longOrZero(first.get("dealloc"))));
            info.put("reset_during_interval",
                    !Values.text(second.get("stats_reset")).equals(Values.text(first.get("stats_reset"))));
        }
        info.put("own_queries_untracked", Values.bool(first.get("own_queries_untracked"))
                && Values.bool(second.get("own_queries_untracked")));
        info.put("own_entries_left_out", Values.longOrZero(second.get("own_entries_left_out")));
        return info;
    }

    /** Sums of every counter over rows. */
    static Map<String, Double> sums(List<Map<String, Object>> rows) {
        Map<String, Double> sums = new LinkedHashMap<>();
        for (Map<String, Object> r : rows) {
            for (Counter c : COUNTERS) {
                if (r.containsKey(c.name())) {
                    sums.merge(c.name(), Values.numberOrZero(r.get(c.name())), Double::sum);
                }
            }
        }
        return sums;
    }
}
