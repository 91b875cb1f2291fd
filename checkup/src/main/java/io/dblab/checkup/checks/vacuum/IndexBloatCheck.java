package io.dblab.checkup.checks.vacuum;

import io.dblab.checkup.api.HostConnection;
import io.dblab.checkup.api.HostData;
import io.dblab.checkup.checks.common.Values;
import io.dblab.checkup.checks.common.Databases;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * F005 — B-tree index bloat estimate, per database, for B-tree indexes larger than 1 MiB (by
 * {@code pg_class.relpages}): the pages a healthy index of {@code reltuples} entries needs (leaf
 * pages 70% full, where inserts in random order leave them; a fresh build packs to 90%),
 * from the indexed columns' {@code pg_stats.avg_width} and {@code null_frac} (expression columns use
 * the expression statistics PostgreSQL keeps under the index's name), against the pages it has
 * (see {@link BloatEstimate}). It reads {@code pg_stats}, not {@code pg_statistic}, so it needs no
 * superuser; indexes whose columns have no statistics visible to the role are listed as not
 * estimated.
 *
 * <p>P2 at ≥ 40%, P1 at ≥ 90% ({@link BloatCheck}); the DO statements rebuild the indexes with
 * {@code REINDEX INDEX CONCURRENTLY} (PostgreSQL 12+), which needs no undo.
 */
public final class IndexBloatCheck extends BloatCheck {

    @Override
    public String id() {
        return "F005";
    }

    @Override
    public String title() {
        return "B-tree index bloat (estimated)";
    }

    @Override
    String label() {
        return "index";
    }

    @Override
    String rowsKey() {
        return "indexes";
    }

    @Override
    String recommendation() {
        return "Rebuild the bloated indexes without blocking writes: REINDEX INDEX CONCURRENTLY (PostgreSQL 12+; "
                + "before that, CREATE INDEX CONCURRENTLY a copy and drop the old one), or pg_repack. Rebuilt "
                + "indexes grow back if autovacuum does not keep up (F001, F003, F007).";
    }

    @Override
    List<String> doSql(List<Map<String, Object>> rows) {
        List<String> sql = new ArrayList<>();
        for (Map<String, Object> r : rows) {
            sql.add("REINDEX INDEX CONCURRENTLY " + r.get("index") + ";");
        }
        return sql;
    }

    @Override
    public HostData collect(HostConnection host) throws SQLException {
        Map<String, Object> data = new LinkedHashMap<>();
        List<Map<String, Object>> indexes = new ArrayList<>();
        List<Map<String, Object>> notEstimated = new ArrayList<>();
        Map<String, Object> errors = new LinkedHashMap<>();
        Databases.each(host, errors, (db, session) -> {
            List<Map<String, Object>> rows = session.query("""
                    SELECT /* dblab-checkup */ ic.oid::bigint AS relid,
                           format('%I.%I', n.nspname, ic.relname) AS "index",
                           format('%I.%I', tn.nspname, tc.relname) AS "table",
                           ic.relpages::bigint AS pages, ic.reltuples::float8 AS tuples,
                           current_setting('block_size')::int AS block_size,
                           coalesce((SELECT substring(o FROM '^fillfactor=(\\d+)$')::int
                                     FROM unnest(ic.reloptions) o WHERE o LIKE 'fillfactor=%' LIMIT 1), 90) AS fillfactor,
                           false AS dropped, ia.attlen::int AS len, ia.attalign::text AS align,
                           coalesce(sc.avg_width, se.avg_width)::float8 AS avg_width,
                           coalesce(sc.null_frac, se.null_frac)::float8 AS null_frac
                    FROM pg_index i
                    JOIN pg_class ic ON ic.oid = i.indexrelid
                    JOIN pg_am am ON am.oid = ic.relam AND am.amname = 'btree'
                    JOIN pg_namespace n ON n.oid = ic.relnamespace
                    JOIN pg_class tc ON tc.oid = i.indrelid
                    JOIN pg_namespace tn ON tn.oid = tc.relnamespace
                    JOIN pg_attribute ia ON ia.attrelid = i.indexrelid AND ia.attnum > 0
                    LEFT JOIN pg_attribute ta ON ta.attrelid = i.indrelid
                                             AND ta.attnum = (i.indkey::int2[])[ia.attnum - 1] AND ta.attnum > 0
                    LEFT JOIN pg_stats sc ON sc.schemaname = tn.nspname AND sc.tablename = tc.relname
                                         AND sc.attname = ta.attname AND NOT sc.inherited
                    LEFT JOIN pg_stats se ON ta.attname IS NULL AND se.schemaname = n.nspname
                                         AND se.tablename = ic.relname AND se.attname = ia.attname
                    WHERE ic.relkind = 'i' AND n.nspname <> 'pg_toast'
                      AND ic.relpages::bigint * current_setting('block_size')::bigint > ?
                    ORDER BY ic.oid, ia.attnum""", MIN_BYTES);
            List<Map<String, Object>> estimated = new ArrayList<>();
            for (List<Map<String, Object>> index : HeapBloatCheck.byRelation(rows)) {
                Map<String, Object> first = index.get(0);
                int blockSize = (int) Values.longOrZero(first.get("block_size"));
                double pages = Values.numberOrZero(first.get("pages"));
                double tuples = Values.numberOrZero(first.get("tuples"));
                List<BloatEstimate.Column> columns = new ArrayList<>();
                for (Map<String, Object> r : index) {
                    columns.add(HeapBloatCheck.column(r));
                }
                OptionalDouble tuple = BloatEstimate.indexTupleBytes(columns);
                if (tuples < 0 || tuple.isEmpty()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("database", db);
                    row.put("index", first.get("index"));
                    row.put("on_table", first.get("table"));
                    row.put("size_bytes", (long) (pages * blockSize));
                    row.put("reason", tuples < 0 ? "entry count unknown (never vacuumed or analyzed)"
                            : "no statistics for some columns (not analyzed, or not readable by this role)");
                    if (notEstimated.size() < 1000) {
                        notEstimated.add(row);
                    }
                    continue;
                }
                double expected = BloatEstimate.btreePages(tuples, tuple.getAsDouble(), blockSize,
                        (int) Values.longOrZero(first.get("fillfactor")));
                double bloatPages = Math.max(0, pages - expected);
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("database", db);
                row.put("index", first.get("index"));
                row.put("on_table", first.get("table"));
                row.put("size_bytes", (long) (pages * blockSize));
                row.put("bloat_bytes", (long) (bloatPages * blockSize));
                row.put("bloat_pct", Values.round(pages > 0 ? 100 * bloatPages / pages : 0, 1));
                row.put("entries_estimate", (long) tuples);
                row.put("avg_tuple_bytes", Values.round(tuple.getAsDouble(), 1));
                row.put("fillfactor", Values.longOrZero(first.get("fillfactor")));
                estimated.add(row);
            }
            indexes.addAll(keep(estimated));
        });
        data.put("indexes", indexes);
        data.put("not_estimated", notEstimated);
        Databases.putErrors(data, errors);
        return HostData.of(data);
    }
}
