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

    @Override
    public String id() {
        return "F004";
    }

    @Override
    public String title() {
        return "Heap bloat (estimated)";
    }

    @Override
    String label() {
        return "table";
    }

    @Override
    String rowsKey() {
        return "tables";
    }

    @Override
    String recommendation() {
        return "Rebuild the bloated tables online with pg_repack (or pg_squeeze); VACUUM FULL or CLUSTER also "
                + "works but locks the table (ACCESS EXCLUSIVE) for the whole rebuild. Then keep it from "
                + "coming back: autovacuum thresholds (F001), dead tuples (F003), the xmin horizon (F007).";
    }

    @Override
    public HostData collect(HostConnection host) throws SQLException {
        Map<String, Object> data = new LinkedHashMap<>();
        List<Map<String, Object>> tables = new ArrayList<>();
        List<Map<String, Object>> notEstimated = new ArrayList<>();
        Map<String, Object> errors = new LinkedHashMap<>();
        int[] blockSize = {8192};
        Databases.each(host, errors, (db, session) -> {
            List<Map<String, Object>> rows = session.query("""
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
                    ORDER BY c.oid, a.attnum""", MIN_BYTES);
            List<Map<String, Object>> estimated = new ArrayList<>();
            for (List<Map<String, Object>> table : byRelation(rows)) {
                Map<String, Object> first = table.get(0);
                blockSize[0] = (int) Values.longOrZero(first.get("block_size"));
                double pages = Values.numberOrZero(first.get("pages"));
                double tuples = Values.numberOrZero(first.get("tuples"));
                List<BloatEstimate.Column> columns = new ArrayList<>();
                for (Map<String, Object> r : table) {
                    columns.add(column(r));
                }
                OptionalDouble tuple = BloatEstimate.heapTupleBytes(columns);
                if (tuples < 0 || tuple.isEmpty()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("database", db);
                    row.put("table", first.get("table"));
                    row.put("size_bytes", (long) (pages * blockSize[0]));
                    row.put("reason", tuples < 0 ? "row count unknown (never vacuumed or analyzed)"
                            : "no statistics for some columns (not analyzed, or not readable by this role)");
                    if (notEstimated.size() < 1000) {
                        notEstimated.add(row);
                    }
                    continue;
                }
                double expected = BloatEstimate.heapPages(tuples, tuple.getAsDouble(), blockSize[0],
                        (int) Values.longOrZero(first.get("fillfactor")));
                double bloatPages = Math.max(0, pages - expected);
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("database", db);
                row.put("table", first.get("table"));
                row.put("size_bytes", (long) (pages * blockSize[0]));
                row.put("bloat_bytes", (long) (bloatPages * blockSize[0]));
                row.put("bloat_pct", Values.round(pages > 0 ? 100 * bloatPages / pages : 0, 1));
                row.put("rows_estimate", (long) tuples);
                row.put("avg_tuple_bytes", Values.round(tuple.getAsDouble(), 1));
                row.put("fillfactor", Values.longOrZero(first.get("fillfactor")));
                estimated.add(row);
            }
            tables.addAll(keep(estimated));
        });
        data.put("tables", tables);
        data.put("block_size", blockSize[0]);
        data.put("not_estimated", notEstimated);
        Databases.putErrors(data, errors);
        return HostData.of(data);
    }

    static BloatEstimate.Column column(Map<String, Object> r) {
        String align = Values.text(r.get("align"));
        return new BloatEstimate.Column(Values.bool(r.get("dropped")), (int) Values.longOrZero(r.get("len")),
                align.isEmpty() ? 'c' : align.charAt(0),
                r.get("avg_width") == null ? null : Values.numberOrZero(r.get("avg_width")),
                r.get("null_frac") == null ? null : Values.numberOrZero(r.get("null_frac")));
    }

    /** Rows ordered by relation, split into one list per relation. */
    static List<List<Map<String, Object>>> byRelation(List<Map<String, Object>> rows) {
        List<List<Map<String, Object>>> out = new ArrayList<>();
        Object current = null;
        for (Map<String, Object> r : rows) {
            Object id = r.get("relid");
            if (out.isEmpty() || !id.equals(current)) {
                out.add(new ArrayList<>());
                current = id;
            }
            out.get(out.size() - 1).add(r);
        }
        return out;
    }
}
