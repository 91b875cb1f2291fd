package io.dblab.checkup.checks.vacuum;

import io.dblab.checkup.api.Check;
import io.dblab.checkup.api.CheckContext;
import io.dblab.checkup.api.Finding;
import io.dblab.checkup.api.HostConnection;
import io.dblab.checkup.api.HostData;
import io.dblab.checkup.api.HostScope;
import io.dblab.checkup.api.Priority;
import io.dblab.checkup.checks.common.PerHost;
import io.dblab.checkup.checks.common.Values;
import io.dblab.checkup.checks.common.Databases;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What F002 (transaction IDs) and F006 (MultiXact IDs) share: the age of the oldest unfrozen ID per
 * database and the oldest tables (TOAST included) per database, as a share of the 2³¹ IDs after
 * which the counter would wrap around. Thresholds: P1 above {@code <id>.p1_percent} (50), P2 above
 * {@code <id>.p2_percent} (25), options of {@code --threshold}.
 */
abstract class WraparoundCheck implements Check {
    /** 2³¹: how far an ID can be behind the current one before it would wrap around. */
    static final double WRAPAROUND = 2147483648.0;
    static final int TABLES_PER_DATABASE = 10;

    /** "transaction ID" or "MultiXact ID". */
    abstract String what();

    /** {@code age} or {@code mxid_age}. */
    abstract String ageFunction();

    /** {@code datfrozenxid} or {@code datminmxid}. */
    abstract String databaseColumn();

    /** {@code relfrozenxid} or {@code relminmxid}. */
    abstract String tableColumn();

    /** The setting at which anti-wraparound autovacuum starts. */
    abstract String freezeMaxAgeSetting();

    abstract List<String> settings();

    @Override
    public HostScope scope() {
        return HostScope.PRIMARY_ONLY;
    }

    @Override
    public HostData collect(HostConnection host) throws SQLException {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("settings", Settings.load(host, settings()));
        data.put("databases", host.query("SELECT /* dblab-checkup */ datname AS database, "
                + ageFunction() + "(" + databaseColumn() + ")::bigint AS age, "
                + "round(100.0 * " + ageFunction() + "(" + databaseColumn() + ") / 2147483648, 2)::float8 AS pct_of_wraparound "
                + "FROM pg_database ORDER BY 2 DESC, 1"));
        String f = ageFunction();
        String col = tableColumn();
        data.putAll(Databases.taggedRows(host, "oldest_tables", session -> withShareOfWraparound(session.query(
                    "SELECT /* dblab-checkup */ format('%I.%I', n.nspname, c.relname) AS \"table\", "
                            + f + "(c." + col + ")::bigint AS table_age, "
                            + f + "(t." + col + ")::bigint AS toast_age, "
                            + "greatest(" + f + "(c." + col + "), coalesce(" + f + "(t." + col + "), 0))::bigint AS age, "
                            + "pg_total_relation_size(c.oid) AS total_bytes "
                            + "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                            + "LEFT JOIN pg_class t ON t.oid = c.reltoastrelid "
                            + "WHERE c.relkind IN ('r', 'm') "
                            + "ORDER BY greatest(" + f + "(c." + col + "), coalesce(" + f + "(t." + col + "), 0)) DESC, 1 "
                            + "LIMIT " + TABLES_PER_DATABASE))));
        return HostData.of(data);
    }

    /** Adds each table's age as a share of the way to wraparound, like the databases' pct_of_wraparound. */
    private static List<Map<String, Object>> withShareOfWraparound(List<Map<String, Object>> tables) {
        for (Map<String, Object> t : tables) {
            t.put("pct_of_wraparound", Values.round(100 * Values.numberOrZero(t.get("age")) / WRAPAROUND, 2));
        }
        return tables;
    }

    @Override
    public List<Finding> conclude(Map<String, HostData> byHost, CheckContext context) {
        double p1 = context.option(id().toLowerCase(Locale.ROOT) + ".p1_percent", 50) / 100.0;
        double p2 = context.option(id().toLowerCase(Locale.ROOT) + ".p2_percent", 25) / 100.0;
        return PerHost.findings(byHost, (prefix, data, findings) -> {
            Map<String, Map<String, Object>> s = Settings.byName(data.get("settings"));
            double freezeMaxAge = Settings.number(s, freezeMaxAgeSetting(), 0);
            if (!(data.get("databases") instanceof List<?> dbs)) {
                return;
            }
            for (Object o : dbs) {
                if (!(o instanceof Map<?, ?> db)) {
                    continue;
                }
                double age = Values.numberOrZero(db.get("age"));
                double share = age / WRAPAROUND;
                Priority priority = share > p1 ? Priority.P1 : share > p2 ? Priority.P2 : null;
                if (priority == null) {
                    continue;
                }
                String name = Values.text(db.get("database"));
                List<String> worst = new ArrayList<>();
                if (data.get("oldest_tables") instanceof List<?> tables) {
                    for (Object t : tables) {
                        if (t instanceof Map<?, ?> tm && name.equals(tm.get("database")) && worst.size() < 5
                                && Values.numberOrZero(tm.get("age")) / WRAPAROUND > p2) {
                            worst.add(tm.get("table") + " (" + Values.count(Values.numberOrZero(tm.get("age"))) + ")");
                        }
                    }
                }
                String vsFreeze = freezeMaxAge > 0
                        ? String.format(Locale.ROOT, "; that is %.1f× %s (%s), where anti-wraparound autovacuum starts",
                        age / freezeMaxAge, freezeMaxAgeSetting(), Values.count(freezeMaxAge))
                        : "";
                findings.add(Finding.of(priority, prefix + "Database " + name + ": the oldest unfrozen " + what()
                                + " is " + Values.count(age) + " old, " + Values.pct(share)
                                + " of the way to wraparound (2^31)" + vsFreeze + "."
                                + (worst.isEmpty() ? "" : " Oldest tables: " + String.join(", ", worst) + "."),
                        "Find what keeps freezing from finishing (F007: long transactions, replication slots, "
                                + "prepared transactions; anti-wraparound vacuums that are cancelled or too slow), "
                                + "then run VACUUM (FREEZE, VERBOSE) on the oldest tables of " + name
                                + ", largest age first; watch pg_stat_progress_vacuum."));
            }
        });
    }
}
