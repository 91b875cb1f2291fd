package io.dblab.checkup.checks.vacuum;

import io.dblab.checkup.api.HostConnection;
import io.dblab.checkup.api.HostData;
import io.dblab.checkup.checks.common.Databases;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * F004 — heap bloat estimate, per database, for tables and materialized views larger than 1 MiB
 * (by {@code pg_class.relpages}): the pages a tightly packed table of {@code reltuples} rows would
 * need, from the columns' {@code pg_stats.avg_width} and {@code null_frac} only (see
 * {@link BloatEstimate}), against the pages it has. Tables without statistics for every column
 * (never analyzed, or columns the checkup role may not read) or with unknown {@code reltuples} are
 * listed as not estimated.
 *
 * <p>P2 at ≥ 40% estimated bloat, P1 at ≥ 90% ({@link BloatCheck}).
 */
public final class HeapBloatCheck extends BloatCheck {

    public HeapBloatCheck() {
        super("table", "tables", "row", "rows_estimate");
    }

    @Override
    public String id() {
        return "F004";
    }

    @Override
    public String title() {
        return "Heap bloat (estimated)";
    }

    @Override
    String recommendation() {
        return "Rebuild the bloated tables online with pg_repack (or pg_squeeze); VACUUM FULL or CLUSTER also "
                + "works but locks the table (ACCESS EXCLUSIVE) for the whole rebuild. Then keep it from "
                + "coming back: autovacuum thresholds (F001), dead tuples (F003), the xmin horizon (F007).";
    }

    @Override
    String relationsSql() {
        return """
            SELECT /* dblab-checkup */ c.oid::bigint AS relid, format('%I.%I', n.nspname, c.relname) AS "table",
                   c.relpages::bigint AS pages, c.reltuples::float8 AS tuples,
                   current_setting('block_size')::int AS block_size,
                   coalesce((SELECT substring(o FROM '^fillfactor=(\\d+)$')::int
                             FROM unnest(c.reloptions) o WHERE o LIKE 'fillfactor=%' LIMIT 1), 100) AS fillfactor,
                   a.attisdropped AS dropped, a.attlen::int AS len, a.attalign::text AS align,
                   s.avg_width::float8 AS avg_width, s.null_frac::float8 AS null_frac
            FROM pg_class c
            JOIN pg_namespace n ON n.oid = c.relnamespace
            JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0
            LEFT JOIN pg_stats s ON s.schemaname = n.nspname AND s.tablename = c.relname
                                AND s.attname = a.attname AND NOT s.inherited
            WHERE c.relkind IN ('r', 'm') AND n.nspname <> 'pg_toast'
              AND c.relpages::bigint * current_setting('block_size')::bigint > ?
            ORDER BY c.oid, a.attnum""";
    }

    @Override
    Map<String, Object> names(Map<String, Object> relation) {
        Map<String, Object> names = new LinkedHashMap<>();
        names.put("table", relation.get("table"));
        return names;
    }

    @Override
    OptionalDouble tupleBytes(List<BloatEstimate.Column> columns) {
        return BloatEstimate.heapTupleBytes(columns);
    }

    @Override
    double expectedPages(double tuples, double tupleBytes, int blockSize, int fillfactor) {
        return BloatEstimate.heapPages(tuples, tupleBytes, blockSize, fillfactor);
    }

    @Override
    public HostData collect(HostConnection host) throws SQLException {
        BloatCollector.Collected collected = BloatCollector.collect(host, this);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("tables", collected.rows());
        data.put("block_size", collected.blockSize());
        data.put("not_estimated", collected.notEstimated());
        Databases.putErrors(data, collected.errors());
        return HostData.of(data);
    }
}
