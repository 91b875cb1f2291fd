package io.dblab.checkup.checks.vacuum;

import io.dblab.checkup.api.HostConnection;
import io.dblab.checkup.api.HostData;
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

    public IndexBloatCheck() {
        super("index", "indexes", "entry", "entries_estimate");
    }

    @Override
    public String id() {
        return "F005";
    }

    @Override
    public String title() {
        return "B-tree index bloat (estimated)";
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
    String relationsSql() {
        return """
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
            ORDER BY ic.oid, ia.attnum""";
    }

    @Override
    Map<String, Object> names(Map<String, Object> relation) {
        Map<String, Object> names = new LinkedHashMap<>();
        names.put("index", relation.get("index"));
        names.put("on_table", relation.get("table"));
        return names;
    }

    @Override
    OptionalDouble tupleBytes(List<BloatEstimate.Column> columns) {
        return BloatEstimate.indexTupleBytes(columns);
    }

    @Override
    double expectedPages(double tuples, double tupleBytes, int blockSize, int fillfactor) {
        return BloatEstimate.btreePages(tuples, tupleBytes, blockSize, fillfactor);
    }

    @Override
    public HostData collect(HostConnection host) throws SQLException {
        BloatCollector.Collected collected = BloatCollector.collect(host, this);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("indexes", collected.rows());
        data.put("not_estimated", collected.notEstimated());
        Databases.putErrors(data, collected.errors());
        return HostData.of(data);
    }
}
