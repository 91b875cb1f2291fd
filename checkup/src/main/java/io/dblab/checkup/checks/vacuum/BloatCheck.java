package io.dblab.checkup.checks.vacuum;

import io.dblab.checkup.api.Check;
import io.dblab.checkup.api.CheckContext;
import io.dblab.checkup.api.Finding;
import io.dblab.checkup.api.HostData;
import io.dblab.checkup.api.HostScope;
import io.dblab.checkup.api.Priority;
import io.dblab.checkup.checks.common.Databases;
import io.dblab.checkup.checks.common.PerHost;
import io.dblab.checkup.checks.common.Values;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.function.Function;

/**
 * What F004 and F005 share: rows of estimated objects ({@code database}, the object's name under
 * its label ({@code table} or {@code index}), {@code size_bytes}, {@code bloat_bytes}, {@code bloat_pct}) and the
 * conclusions for objects larger than 1 MiB: P2 at ≥ 40% estimated bloat, P1 at ≥ 90% (options
 * {@code <id>.p1_percent}, {@code <id>.p2_percent}, {@code <id>.min_bytes}). One finding per database
 * and priority. Primary only: a standby has the same pages.
 */
abstract class BloatCheck implements Check {
    static final long MIN_BYTES = 1024 * 1024;

    private final String label;
    private final String rowsKey;
    private final String tupleNoun;
    private final String tupleCountKey;

    /**
     * @param label what an object is: "table" or "index"
     * @param rowsKey the key of its rows in the data: "tables" or "indexes"
     * @param tupleNoun what its tuples are: "row" or "entry"
     * @param tupleCountKey the key of its estimated number of tuples: "rows_estimate" or "entries_estimate"
     */
    BloatCheck(String label, String rowsKey, String tupleNoun, String tupleCountKey) {
        this.label = label;
        this.rowsKey = rowsKey;
        this.tupleNoun = tupleNoun;
        this.tupleCountKey = tupleCountKey;
    }

    String tupleNoun() {
        return tupleNoun;
    }

    String tupleCountKey() {
        return tupleCountKey;
    }

    abstract String recommendation();

    /**
     * The query {@link BloatCollector} runs in every database: one row per column of each relation
     * larger than its parameter (bytes), ordered by relation ({@code relid}), with the relation's
     * {@code pages}, {@code tuples}, {@code block_size} and {@code fillfactor}, and the column's
     * {@code dropped}, {@code len}, {@code align}, {@code avg_width} and {@code null_frac}.
     */
    abstract String relationsSql();

    /** The columns that name a relation in the data, from the first row of its query rows. */
    abstract Map<String, Object> names(Map<String, Object> relation);

    /** The bytes of an average tuple of a relation with these columns; empty when a column has no statistics. */
    abstract OptionalDouble tupleBytes(List<BloatEstimate.Column> columns);

    /** The pages a healthy relation with these tuples needs. */
    abstract double expectedPages(double tuples, double tupleBytes, int blockSize, int fillfactor);

    /** Statements that fix the objects (F005: REINDEX CONCURRENTLY); none by default. */
    List<String> doSql(List<Map<String, Object>> rows) {
        return List.of();
    }

    @Override
    public HostScope scope() {
        return HostScope.PRIMARY_ONLY;
    }

    @Override
    public List<Finding> conclude(Map<String, HostData> byHost, CheckContext context) {
        String key = id().toLowerCase(Locale.ROOT);
        double p1 = context.option(key + ".p1_percent", 90);
        double p2 = context.option(key + ".p2_percent", 40);
        long minBytes = context.option(key + ".min_bytes", MIN_BYTES);
        Function<Map<String, Object>, Priority> priority = r -> {
            if (Values.numberOrZero(r.get("size_bytes")) <= minBytes) {
                return null;
            }
            double pct = Values.numberOrZero(r.get("bloat_pct"));
            return pct >= p1 ? Priority.P1 : pct >= p2 ? Priority.P2 : null;
        };
        return PerHost.findings(byHost, (prefix, data, findings) ->
                Databases.byDatabaseAndPriority(data.get(rowsKey), priority).forEach((db, byPriority) ->
                        byPriority.forEach((p, objects) -> findings.add(finding(prefix, db, p, objects,
                                String.format(Locale.ROOT, "%.0f%%", p == Priority.P1 ? p1 : p2), minBytes)))));
    }

    private Finding finding(String prefix, String db, Priority p, List<Map<String, Object>> objects,
                            String threshold, long minBytes) {
        double total = objects.stream().mapToDouble(r -> Values.numberOrZero(r.get("bloat_bytes"))).sum();
        List<String> shown = new ArrayList<>();
        for (Map<String, Object> r : objects) {
            shown.add(r.get(label) + " (" + String.format(Locale.ROOT, "%.0f%%",
                    Values.numberOrZero(r.get("bloat_pct"))) + ", about "
                    + Values.bytes(Values.numberOrZero(r.get("bloat_bytes"))) + " of "
                    + Values.bytes(Values.numberOrZero(r.get("size_bytes"))) + ")");
        }
        return new Finding(p, prefix + "Database " + db + ": " + objects.size() + " "
                + (objects.size() == 1 ? label : rowsKey)
                + " over " + Values.bytes(minBytes) + " with estimated bloat of " + threshold
                + " or more, about " + Values.bytes(total) + " in all: " + Values.list(shown, 10) + ".",
                recommendation(), doSql(objects), List.of());
    }
}
