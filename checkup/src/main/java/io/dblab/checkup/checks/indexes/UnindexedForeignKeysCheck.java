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
import java.util.List;
import java.util.Map;

/**
 * H003 — foreign keys without an index, per database: a foreign key (top-level, not a partition's
 * copy) is covered when a valid, non-partial B-tree index on the referencing table has the key's
 * columns, in any order, as its leading columns (a hash index covers a one-column key). Without one,
 * every delete or key update on the referenced table scans the referencing table, and joins along
 * the key cannot use an index.
 *
 * <p>P2 when the referencing table (all partitions for a partitioned one) is 10 MiB or more
 * ({@code h003.p2_table_bytes}), P3 otherwise; one finding per database and priority. The
 * conclusion says how many rows of the referenced table were updated or deleted since the statistics
 * were reset. DO: {@code CREATE INDEX CONCURRENTLY IF NOT EXISTS <table>_<columns>_idx ON … (…)}
 * (without CONCURRENTLY on partitioned tables); UNDO: {@code DROP INDEX CONCURRENTLY IF EXISTS …}.
 * Primary only.
 */
public final class UnindexedForeignKeysCheck implements Check {
    static final long P2_TABLE_BYTES = 10L * 1024 * 1024;

    @Override
    public String id() {
        return "H003";
    }

    @Override
    public String title() {
        return "Foreign keys without an index";
    }

    @Override
    public HostScope scope() {
        return HostScope.PRIMARY_ONLY;
    }

    @Override
    public HostData collect(HostConnection host) throws SQLException {
        String tableBytes = host.serverVersionNum() >= 120000
                ? "CASE WHEN t.relkind = 'p' THEN (SELECT coalesce(sum(pg_relation_size(p.relid)), 0) "
                + "FROM pg_partition_tree(t.oid) p)::bigint ELSE pg_relation_size(t.oid) END"
                : "pg_relation_size(t.oid)";
        String notChild = host.serverVersionNum() >= 110000 ? " AND c.conparentid = 0 " : " ";
        return HostData.of(Databases.taggedRows(host, "foreign_keys_without_index", session -> session.query("""
                    SELECT /* dblab-checkup */ format('%I.%I', tn.nspname, t.relname) AS "table",
                           format('%I', c.conname) AS "constraint",
                           format('%I.%I', rn.nspname, r.relname) AS referenced_table,
                           (SELECT string_agg(format('%I', a.attname), ', ' ORDER BY k.ord)
                            FROM unnest(c.conkey) WITH ORDINALITY k(attnum, ord)
                            JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum) AS columns,
                           format('%I.%I', tn.nspname, left(t.relname || '_' ||
                                  (SELECT string_agg(a.attname, '_' ORDER BY k.ord)
                                   FROM unnest(c.conkey) WITH ORDINALITY k(attnum, ord)
                                   JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum), 59) || '_idx')
                               AS new_index,
                           t.relkind = 'p' AS partitioned,
                           """ + tableBytes + """
                            AS table_bytes,
                           coalesce(rs.n_tup_upd, 0) + coalesce(rs.n_tup_del, 0) AS referenced_updates_deletes
                    FROM pg_constraint c
                    JOIN pg_class t ON t.oid = c.conrelid
                    JOIN pg_namespace tn ON tn.oid = t.relnamespace
                    JOIN pg_class r ON r.oid = c.confrelid
                    JOIN pg_namespace rn ON rn.oid = r.relnamespace
                    LEFT JOIN pg_stat_all_tables rs ON rs.relid = c.confrelid
                    WHERE c.contype = 'f' """ + notChild + """

                      AND NOT EXISTS (
                        SELECT 1 FROM pg_index i
                        JOIN pg_class ic ON ic.oid = i.indexrelid
                        JOIN pg_am am ON am.oid = ic.relam
                        WHERE i.indrelid = c.conrelid AND i.indisvalid AND i.indpred IS NULL
                          AND (am.amname = 'btree' OR (am.amname = 'hash' AND array_length(c.conkey, 1) = 1))
                          AND i.indnkeyatts >= array_length(c.conkey, 1)
                          AND (i.indkey::int2[])[0:array_length(c.conkey, 1) - 1] @> c.conkey
                          AND (i.indkey::int2[])[0:array_length(c.conkey, 1) - 1] <@ c.conkey)
                    ORDER BY 1, 2""")));
    }

    @Override
    public List<Finding> conclude(Map<String, HostData> byHost, CheckContext context) {
        long p2Bytes = context.option("h003.p2_table_bytes", P2_TABLE_BYTES);
        return PerHost.findings(byHost, (prefix, data, findings) ->
                Databases.byDatabaseAndPriority(data.get("foreign_keys_without_index"),
                                r -> Values.numberOrZero(r.get("table_bytes")) >= p2Bytes ? Priority.P2 : Priority.P3)
                        .forEach((db, byPriority) -> byPriority.forEach((p, keys) ->
                                findings.add(finding(prefix, db, p, keys, p2Bytes)))));
    }

    private static Finding finding(String prefix, String db, Priority p, List<Map<String, Object>> keys, long p2Bytes) {
        List<String> names = new ArrayList<>();
        List<String> doSql = new ArrayList<>();
        List<String> undoSql = new ArrayList<>();
        for (Map<String, Object> r : keys) {
            boolean partitioned = Values.bool(r.get("partitioned"));
            String table = Values.text(r.get("table"));
            String index = Values.text(r.get("new_index"));
            String indexName = index.substring(index.indexOf('.') + 1);
            names.add(r.get("constraint") + " on " + table + " (" + r.get("columns") + ") → "
                    + r.get("referenced_table") + " (table " + Values.bytes(Values.numberOrZero(r.get("table_bytes")))
                    + "; " + Values.count(Values.numberOrZero(r.get("referenced_updates_deletes")))
                    + " updates and deletes on the referenced table)");
            doSql.add("CREATE INDEX " + (partitioned ? "" : "CONCURRENTLY ") + "IF NOT EXISTS " + indexName
                    + " ON " + table + " (" + r.get("columns") + ");");
            undoSql.add(IndexSql.drop(index, partitioned));
        }
        return new Finding(p, prefix + "Database " + db + ": " + keys.size() + " foreign "
                + (keys.size() == 1 ? "key has" : "keys have") + " no index on the referencing columns"
                + (p == Priority.P2 ? " of a table of " + Values.bytes(p2Bytes) + " or more" : "")
                + ": " + Values.list(names, 20) + ".",
                "Create the indexes (DO) unless the referenced rows never change and no query joins "
                        + "along the key; each delete or key update on the referenced table otherwise "
                        + "scans the whole referencing table.",
                doSql, undoSql);
    }
}
