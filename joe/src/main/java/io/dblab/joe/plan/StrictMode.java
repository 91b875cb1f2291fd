package io.dblab.joe.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * For teams that treat exact row counts as sensitive: a copy of a plan with every row count rounded to
 * one significant figure (12,345 becomes 10,000). The text form, the JSON and the summary are all made
 * from that copy, so none of them shows an exact count.
 */
public final class StrictMode {
    /** Fields that count rows, or that count one thing per row (a trigger call, a heap fetch, a cache lookup). */
    static final Set<String> ROW_COUNT_FIELDS = Set.of("Plan Rows", "Actual Rows", "Rows Removed by Filter",
            "Rows Removed by Join Filter", "Rows Removed by Index Recheck", "Rows Removed by Conflict Filter",
            "Heap Fetches", "Tuples Inserted", "Conflicting Tuples", "Calls", "Cache Hits", "Cache Misses",
            "Cache Evictions", "Cache Overflows");
    private static final MathContext ONE_FIGURE = new MathContext(1, RoundingMode.HALF_UP);

    private StrictMode() {
    }

    public static ExplainPlan roundRowCounts(ExplainPlan plan) {
        ObjectNode copy = plan.copyOfJson();
        round(copy);
        return ExplainPlan.of(copy);
    }

    public static long oneSignificantFigure(double count) {
        return BigDecimal.valueOf(count).round(ONE_FIGURE).setScale(0, RoundingMode.HALF_UP).longValueExact();
    }

    private static void round(JsonNode node) {
        if (node instanceof ObjectNode object) {
            List<Map.Entry<String, JsonNode>> fields = object.properties().stream().toList();
            for (Map.Entry<String, JsonNode> field : fields) {
                if (ROW_COUNT_FIELDS.contains(field.getKey()) && field.getValue().isNumber()) {
                    object.set(field.getKey(), LongNode.valueOf(oneSignificantFigure(field.getValue().asDouble())));
                } else {
                    round(field.getValue());
                }
            }
        } else if (node.isArray()) {
            node.forEach(StrictMode::round);
        }
    }
}
