package io.dblab.checkup.checks.indexes;

import io.dblab.checkup.api.Check;
import io.dblab.checkup.api.CheckContext;
import io.dblab.checkup.api.Finding;
import io.dblab.checkup.api.HostConnection;
import io.dblab.checkup.api.HostData;
import io.dblab.checkup.api.HostScope;
import io.dblab.checkup.api.Priority;
import io.dblab.checkup.checks.common.Values;
import io.dblab.checkup.checks.common.Databases;
import io.dblab.checkup.checks.common.PerHost;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * H004 — redundant indexes, per database. Index A is redundant when another index B of the same
 * table and access method makes it unnecessary:
 * <ul>
 *   <li>A's key columns are the leading key columns of B (for B-tree; other methods need the very
 *       same key columns), position by position with the same column or expression
 *       ({@code pg_get_indexdef(index, n)}), operator class, collation and ordering options;</li>
 *   <li>A's INCLUDE columns are all among B's columns, and both have the same predicate (or none);</li>
 *   <li>A backs no constraint (primary key, unique, exclusion, or one a foreign key refers to),
 *       is not an exclusion index, and is unique only if B is unique on exactly the same keys.</li>
 * </ul>
 * Of indexes that make each other redundant (exact duplicates) the best one is kept: the one that
 * backs a constraint, then a unique one, then the most scanned, then the oldest. Partitions of
 * partitioned indexes and invalid indexes (H001) are left out. Only indexes that share their table,
 * access method and first column with another are read (so that 20,000 indexes take little time).
 *
 * <p>P2 when the redundant indexes of a database together exceed 5% of its size
 * ({@code h004.p2_percent_of_database}), else P3. DO: {@code DROP INDEX CONCURRENTLY IF EXISTS …};
 * UNDO: the definition as {@code CREATE INDEX CONCURRENTLY IF NOT EXISTS …}. Primary only.
 */
public final class RedundantIndexesCheck implements Check {

    @Override
    public String id() {
        return "H004";
    }

    @Override
    public String title() {
        return "Redundant indexes";
    }

    @Override
    public HostScope scope() {
        return HostScope.PRIMARY_ONLY;
    }

    /** One index as the comparison needs it. */
    record Index(long oid, long table, String name, String tableName, String method, int keyCount,
                 List<String> columns, List<String> opclasses, List<String> collations, List<String> options,
                 String predicate, boolean unique, boolean backsConstraint, boolean exclusion, long scans,
                 long bytes, String definition, boolean partitioned) {

        /** Whether this index makes {@code a} unnecessary. */
        boolean covers(Index a) {
            if (a.oid == oid || a.table != table || !a.method.equals(method) || !Objects.equals(a.predicate, predicate)) {
                return false;
            }
            if (a.backsConstraint || a.exclusion) {
                return false;
            }
            if (a.keyCount > keyCount || (!method.equals("btree") && a.keyCount != keyCount)) {
                return false;
            }
            if (a.unique && !(unique && a.keyCount == keyCount)) {
                return false;
            }
            for (int k = 0; k < a.keyCount; k++) {
                if (!a.columns.get(k).equals(columns.get(k)) || !at(a.opclasses, k).equals(at(opclasses, k))
                        || !at(a.collations, k).equals(at(collations, k)) || !at(a.options, k).equals(at(options, k))) {
                    return false;
                }
            }
            for (int k = a.keyCount; k < a.columns.size(); k++) {
                if (!columns.contains(a.columns.get(k))) {
                    return false;
                }
            }
            return true;
        }

        /** Which of two mutually redundant indexes to keep: constraint, unique, more scans, older. */
        boolean betterThan(Index o) {
            if (backsConstraint != o.backsConstraint) {
                return backsConstraint;
            }
            if (unique != o.unique) {
                return unique;
            }
            if (scans != o.scans) {
                return scans > o.scans;
            }
            return oid < o.oid;
        }

        private static String at(List<String> list, int k) {
            return k < list.size() ? list.get(k) : "";
        }
    }

    @Override
    public HostData collect(HostConnection host) throws SQLException {
        List<Map<String, Object>> redundant = new ArrayList<>();
        List<Map<String, Object>> databases = new ArrayList<>();
        Map<String, Object> errors = new LinkedHashMap<>();
        String keyCount = host.serverVersionNum() >= 110000 ? "i.indnkeyatts" : "i.indnatts";
        Databases.each(host, errors, (db, session) -> {
            List<Index> indexes = new ArrayList<>();
            for (Map<String, Object> r : session.query("""
                    SELECT /* dblab-checkup */ i.indexrelid::bigint AS oid, i.indrelid::bigint AS table_oid,
                           format('%I.%I', n.nspname, ic.relname) AS "index",
                           format('%I.%I', tn.nspname, tc.relname) AS "table",
                           am.amname AS method, """ + keyCount + """
                    ::int AS key_count,
                           ARRAY(SELECT pg_get_indexdef(i.indexrelid, k, true)
                                 FROM generate_series(1, i.indnatts) k ORDER BY k) AS columns,
                           i.indclass::text AS opclasses, i.indcollation::text AS collations,
                           i.indoption::text AS options,
                           pg_get_expr(i.indpred, i.indrelid) AS predicate,
                           i.indisunique AS is_unique, i.indisexclusion AS is_exclusion,
                           (i.indisprimary OR EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid))
                               AS backs_constraint,
                           coalesce(s.idx_scan, 0) AS scans, pg_relation_size(i.indexrelid) AS index_bytes,
                           pg_get_indexdef(i.indexrelid) AS definition, tc.relkind = 'p' AS partitioned
                    FROM pg_index i
                    JOIN pg_class ic ON ic.oid = i.indexrelid
                    JOIN pg_namespace n ON n.oid = ic.relnamespace
                    JOIN pg_class tc ON tc.oid = i.indrelid
                    JOIN pg_namespace tn ON tn.oid = tc.relnamespace
                    JOIN pg_am am ON am.oid = ic.relam
                    LEFT JOIN pg_stat_all_indexes s ON s.indexrelid = i.indexrelid
                    WHERE i.indisvalid
                      AND (i.indrelid, ic.relam, i.indkey[0]) IN (
                          SELECT i2.indrelid, c2.relam, i2.indkey[0]
                          FROM pg_index i2 JOIN pg_class c2 ON c2.oid = i2.indexrelid
                          WHERE i2.indisvalid
                          GROUP BY 1, 2, 3 HAVING count(*) > 1)
                      AND NOT EXISTS (SELECT 1 FROM pg_inherits h WHERE h.inhrelid = i.indexrelid)
                    ORDER BY i.indrelid, i.indexrelid""")) {
                indexes.add(index(r));
            }
            redundant.addAll(Databases.tagged(db, compare(indexes)));
            databases.add(Databases.tagged(db, session.query(
                    "SELECT /* dblab-checkup */ pg_database_size(current_database()) AS database_bytes")).get(0));
        });
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("databases", databases);
        data.put("redundant_indexes", redundant);
        Databases.putErrors(data, errors);
        return HostData.of(data);
    }

    @SuppressWarnings("unchecked")
    private static Index index(Map<String, Object> r) {
        Object cols = r.get("columns");
        List<String> columns = new ArrayList<>();
        if (cols instanceof List<?> l) {
            l.forEach(c -> columns.add(Values.text(c)));
        } else if (cols instanceof java.sql.Array a) {
            try {
                for (Object c : (Object[]) a.getArray()) {
                    columns.add(Values.text(c));
                }
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }
        return new Index(Values.longOrZero(r.get("oid")), Values.longOrZero(r.get("table_oid")), Values.text(r.get("index")),
                Values.text(r.get("table")), Values.text(r.get("method")), (int) Values.longOrZero(r.get("key_count")), columns,
                words(r.get("opclasses")), words(r.get("collations")), words(r.get("options")),
                (String) r.get("predicate"), Values.bool(r.get("is_unique")), Values.bool(r.get("backs_constraint")),
                Values.bool(r.get("is_exclusion")), Values.longOrZero(r.get("scans")), Values.longOrZero(r.get("index_bytes")),
                Values.text(r.get("definition")), Values.bool(r.get("partitioned")));
    }

    private static List<String> words(Object o) {
        String s = Values.text(o).trim();
        return s.isEmpty() ? List.of() : List.of(s.split("\\s+"));
    }

    /** The redundant indexes among those of one database, each with the index that covers it. */
    static List<Map<String, Object>> compare(List<Index> indexes) {
        Map<Long, List<Index>> byTable = new LinkedHashMap<>();
        for (Index i : indexes) {
            byTable.computeIfAbsent(i.table(), t -> new ArrayList<>()).add(i);
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (List<Index> group : byTable.values()) {
            for (Index a : group) {
                Index coveredBy = null;
                for (Index b : group) {
                    if (b.covers(a) && (!a.covers(b) || b.betterThan(a))) {
                        if (coveredBy == null || b.betterThan(coveredBy)) {
                            coveredBy = b;
                        }
                    }
                }
                if (coveredBy == null) {
                    continue;
                }
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("index", a.name());
                row.put("table", a.tableName());
                row.put("covered_by", coveredBy.name());
                row.put("reason", a.columns().equals(coveredBy.columns()) && a.keyCount() == coveredBy.keyCount()
                        ? "duplicate" : "prefix");
                row.put("index_bytes", a.bytes());
                row.put("scans", a.scans());
                row.put("partitioned", a.partitioned());
                row.put("definition", a.definition());
                row.put("covered_by_definition", coveredBy.definition());
                out.add(row);
            }
        }
        return out;
    }

    @Override
    public List<Finding> conclude(Map<String, HostData> byHost, CheckContext context) {
        double p2Share = context.option("h004.p2_percent_of_database", 5) / 100.0;
        return PerHost.findings(byHost, (prefix, data, findings) -> {
            Map<String, Double> sizes = new LinkedHashMap<>();
            for (Map<String, Object> d : Values.rows(data.get("databases"))) {
                sizes.put(Values.text(d.get("database")), Values.numberOrZero(d.get("database_bytes")));
            }
            Databases.byDatabase(data.get("redundant_indexes")).forEach((db, indexes) ->
                    findings.add(finding(prefix, db, indexes, sizes.getOrDefault(db, 0.0), p2Share)));
        });
    }

    private static Finding finding(String prefix, String db, List<Map<String, Object>> indexes, double dbSize,
                                   double p2Share) {
        double total = indexes.stream().mapToDouble(r -> Values.numberOrZero(r.get("index_bytes"))).sum();
        Priority p = dbSize > 0 && total > p2Share * dbSize ? Priority.P2 : Priority.P3;
        List<String> names = new ArrayList<>();
        List<String> doSql = new ArrayList<>();
        List<String> undoSql = new ArrayList<>();
        for (Map<String, Object> r : indexes) {
            names.add(r.get("index") + " on " + r.get("table") + " ("
                    + Values.bytes(Values.numberOrZero(r.get("index_bytes"))) + ", "
                    + ("duplicate".equals(r.get("reason")) ? "duplicate of " : "covered by ")
                    + r.get("covered_by") + ")");
            doSql.add(IndexSql.drop(r));
            undoSql.add(IndexSql.create(r));
        }
        String share = dbSize > 0 ? String.format(Locale.ROOT, " (%.1f%% of the database)", 100 * total / dbSize) : "";
        return new Finding(p, prefix + "Database " + db + ": " + indexes.size() + " redundant "
                + (indexes.size() == 1 ? "index" : "indexes") + ", " + Values.bytes(total) + " in all"
                + share + ": " + Values.list(names, 20) + ".",
                "Drop them (DO; UNDO recreates them): the covering index serves the same queries, and each "
                        + "redundant index costs writes, space, cache and vacuum time.",
                doSql, undoSql);
    }
}
