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
import java.util.function.Function;

/**
 * What F004 and F005 share: rows of estimated objects ({@code database}, the object's name under
 * {@link #label()}, {@code size_bytes}, {@code bloat_bytes}, {@code bloat_pct}) and the
 * conclusions for objects larger than 1 MiB: P2 at ≥ 40% estimated bloat, P1 at ≥ 90% (options
 * {@code <id>.p1_percent}, {@code <id>.p2_percent}, {@code <id>.min_bytes}). One finding per database
 * and priority. Primary only: a standby has the same pages.
 */
abstract class BloatCheck implements Check {
    static final long MIN_BYTES = 1024 * 1024;
    /** Rows kept per database besides those at or above this share. */
    static final int TOP_PER_DATABASE = 100;
    static final double KEEP_PCT = 20;

    /** "table" or "index". */
    abstract String label();

    /** The key of the rows in the data: "tables" or "indexes". */
    abstract String rowsKey();

    abstract String recommendation();

    /** Statements that fix the objects (F005: REINDEX CONCURRENTLY); none by default. */
    List<String> doSql(List<Map<String, Object>> rows) {
        return List.of();
    }

    @Override
    public HostScope scope() {
        return HostScope.PRIMARY_ONLY;
    }

    /** Keeps the rows worth reporting: the largest bloat first, all rows at ≥ 20%, at most 100 others. */
    static List<Map<String, Object>> keep(List<Map<String, Object>> rows) {
        rows.sort((a, b) -> Double.compare(Values.numberOrZero(b.get("bloat_bytes")), Values.numberOrZero(a.get("bloat_bytes"))));
        List<Map<String, Object>> kept = new ArrayList<>();
        for (Map<String, Object> r : rows) {
            if (kept.size() < TOP_PER_DATABASE || Values.numberOrZero(r.get("bloat_pct")) >= KEEP_PCT) {
                kept.add(r);
            }
        }
        return kept;
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
                Databases.byDatabaseAndPriority(data.get(rowsKey()), priority).forEach((db, byPriority) ->
                        byPriority.forEach((p, objects) -> findings.add(finding(prefix, db, p, objects,
                                String.format(Locale.ROOT, "%.0f%%", p == Priority.P1 ? p1 : p2), minBytes)))));
    }

    private Finding finding(String prefix, String db, Priority p, List<Map<String, Object>> objects,
                            String threshold, long minBytes) {
        double total = objects.stream().mapToDouble(r -> Values.numberOrZero(r.get("bloat_bytes"))).sum();
        List<String> shown = new ArrayList<>();
        for (Map<String, Object> r : objects) {
            shown.add(r.get(label()) + " (" + String.format(Locale.ROOT, "%.0f%%",
                    Values.numberOrZero(r.get("bloat_pct"))) + ", about "
                    + Values.bytes(Values.numberOrZero(r.get("bloat_bytes"))) + " of "
                    + Values.bytes(Values.numberOrZero(r.get("size_bytes"))) + ")");
        }
        return new Finding(p, prefix + "Database " + db + ": " + objects.size() + " "
                + (objects.size() == 1 ? label() : rowsKey())
                + " over " + Values.bytes(minBytes) + " with estimated bloat of " + threshold
                + " or more, about " + Values.bytes(total) + " in all: " + Values.list(shown, 10) + ".",
                recommendation(), doSql(objects), List.of());
    }
}
