package io.dblab.checkup.checks.vacuum;

import io.dblab.checkup.api.HostConnection;
import io.dblab.checkup.checks.common.Databases;
import io.dblab.checkup.checks.common.Values;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * How F004 and F005 collect: in every database, the check's query returns one row per column of
 * each relation larger than {@link BloatCheck#MIN_BYTES}; each relation becomes one row with its
 * estimated bloat ({@link BloatEstimate}), or a row in {@code not_estimated} with the reason.
 */
final class BloatCollector {
    static final int MAX_NOT_ESTIMATED = 1000;
    /** Rows kept per database besides those at or above {@link #KEEP_PCT}. */
    static final int TOP_PER_DATABASE = 100;
    static final double KEEP_PCT = 20;

    /** The estimated relations worth reporting, those that could not be estimated, failed databases, the block size. */
    record Collected(List<Map<String, Object>> rows, List<Map<String, Object>> notEstimated,
                     Map<String, Object> errors, int blockSize) {}

    private BloatCollector() {}

    static Collected collect(HostConnection host, BloatCheck check) throws SQLException {
        List<Map<String, Object>> rows = new ArrayList<>();
        List<Map<String, Object>> notEstimated = new ArrayList<>();
        Map<String, Object> errors = new LinkedHashMap<>();
        int[] blockSize = {8192};
        Databases.each(host, errors, (db, session) -> {
            List<Map<String, Object>> estimated = new ArrayList<>();
            for (List<Map<String, Object>> relation : byRelation(session.query(check.relationsSql(), BloatCheck.MIN_BYTES))) {
                Map<String, Object> first = relation.get(0);
                blockSize[0] = (int) Values.longOrZero(first.get("block_size"));
                double pages = Values.numberOrZero(first.get("pages"));
                double tuples = Values.numberOrZero(first.get("tuples"));
                int fillfactor = (int) Values.longOrZero(first.get("fillfactor"));
                OptionalDouble tuple = check.tupleBytes(relation.stream().map(BloatCollector::column).toList());
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("database", db);
                row.putAll(check.names(first));
                row.put("size_bytes", (long) (pages * blockSize[0]));
                if (tuples < 0 || tuple.isEmpty()) {
                    row.put("reason", tuples < 0 ? check.tupleNoun() + " count unknown (never vacuumed or analyzed)"
                            : "no statistics for some columns (not analyzed, or not readable by this role)");
                    if (notEstimated.size() < MAX_NOT_ESTIMATED) {
                        notEstimated.add(row);
                    }
                    continue;
                }
                double expected = check.expectedPages(tuples, tuple.getAsDouble(), blockSize[0], fillfactor);
                double bloatPages = Math.max(0, pages - expected);
                row.put("bloat_bytes", (long) (bloatPages * blockSize[0]));
                row.put("bloat_pct", Values.round(pages > 0 ? 100 * bloatPages / pages : 0, 1));
                row.put(check.tupleCountKey(), (long) tuples);
                row.put("avg_tuple_bytes", Values.round(tuple.getAsDouble(), 1));
                row.put("fillfactor", (long) fillfactor);
                estimated.add(row);
            }
            rows.addAll(keep(estimated));
        });
        return new Collected(rows, notEstimated, errors, blockSize[0]);
    }

    /** Keeps the rows worth reporting: the largest bloat first, all rows at ≥ 20%, at most 100 others. */
    private static List<Map<String, Object>> keep(List<Map<String, Object>> rows) {
        rows.sort((a, b) -> Double.compare(Values.numberOrZero(b.get("bloat_bytes")),
                Values.numberOrZero(a.get("bloat_bytes"))));
        List<Map<String, Object>> kept = new ArrayList<>();
        for (Map<String, Object> r : rows) {
            if (kept.size() < TOP_PER_DATABASE || Values.numberOrZero(r.get("bloat_pct")) >= KEEP_PCT) {
                kept.add(r);
            }
        }
        return kept;
    }

    private static BloatEstimate.Column column(Map<String, Object> r) {
        String align = Values.text(r.get("align"));
        return new BloatEstimate.Column(Values.bool(r.get("dropped")), (int) Values.longOrZero(r.get("len")),
                align.isEmpty() ? 'c' : align.charAt(0),
                r.get("avg_width") == null ? null : Values.numberOrZero(r.get("avg_width")),
                r.get("null_frac") == null ? null : Values.numberOrZero(r.get("null_frac")));
    }

    /** Rows ordered by relation, split into one list per relation. */
    private static List<List<Map<String, Object>>> byRelation(List<Map<String, Object>> rows) {
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
