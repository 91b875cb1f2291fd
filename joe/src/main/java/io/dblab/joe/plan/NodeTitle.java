package io.dblab.joe.plan;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;
import java.util.Set;

/** The first line of a node in EXPLAIN's text form: its name, what it reads, costs and actuals. */
final class NodeTitle {
    /** Fields that the first line shows; the lines below it skip them. */
    static final Set<String> FIELDS = Set.of("Node Type", "Strategy", "Partial Mode", "Operation",
            "Parent Relationship", "Subplan Name", "Custom Plan Provider", "Parallel Aware", "Async Capable",
            "Join Type", "Command", "Scan Direction", "Index Name", "Relation Name", "Function Name",
            "Table Function Name", "CTE Name", "Tuplestore Name", "Schema", "Alias", "Startup Cost", "Total Cost",
            "Plan Rows", "Plan Width", "Actual Startup Time", "Actual Total Time", "Actual Rows", "Actual Loops");
    private static final String[] OBJECT_NAMES = {"Relation Name", "Function Name", "Table Function Name",
            "CTE Name", "Tuplestore Name"};

    private NodeTitle() {
    }

    static String line(PlanNode node) {
        StringBuilder line = new StringBuilder(name(node));
        if (node.has("Startup Cost")) {
            line.append("  (cost=").append(digits(node, "Startup Cost")).append("..").append(digits(node, "Total Cost"))
                    .append(" rows=").append(digits(node, "Plan Rows")).append(" width=").append(digits(node, "Plan Width"))
                    .append(')');
        }
        if (node.hasActuals()) {
            line.append(' ').append(actuals(node.json(), true));
        }
        return line.toString();
    }

    /**
     * The actual time, rows and loops in parentheses, or "(never executed)"; per-worker lines print
     * the same without parentheses.
     */
    static String actuals(JsonNode fields, boolean parenthesized) {
        if (fields.path("Actual Loops").asDouble() == 0) {
            return "(never executed)";
        }
        String time = fields.has("Actual Total Time")
                ? "actual time=" + PlanJson.digits(fields.get("Actual Startup Time")) + ".."
                        + PlanJson.digits(fields.get("Actual Total Time")) + " rows="
                : "actual rows=";
        String text = time + PlanJson.digits(fields.get("Actual Rows")) + " loops=" + PlanJson.digits(fields.get("Actual Loops"));
        return parenthesized ? "(" + text + ")" : text;
    }

    static String name(PlanNode node) {
        StringBuilder name = new StringBuilder();
        if (node.flag("Parallel Aware")) {
            name.append("Parallel ");
        }
        if (node.flag("Async Capable")) {
            name.append("Async ");
        }
        name.append(kind(node));
        if (node.is("Index Scan") || node.is("Index Only Scan")) {
            if (node.text("Scan Direction").filter("Backward"::equals).isPresent()) {
                name.append(" Backward");
            }
            name.append(" using ").append(Identifiers.quote(node.indexName().orElse("")));
        } else if (node.is("Bitmap Index Scan")) {
            name.append(" on ").append(Identifiers.quote(node.indexName().orElse("")));
        }
        node.alias().ifPresent(alias -> name.append(target(node, alias)));
        return name.toString();
    }

    private static String kind(PlanNode node) {
        String type = node.nodeType();
        return switch (type) {
            case "Aggregate" -> aggregate(node);
            case "SetOp" -> (node.text("Strategy").filter("Hashed"::equals).isPresent() ? "HashSetOp" : "SetOp")
                    + node.text("Command").map(c -> " " + c).orElse("");
            case "ModifyTable" -> node.text("Operation").orElse(type);
            case "Foreign Scan" -> node.text("Operation").filter(op -> !op.equals("Select"))
                    .map(op -> "Foreign " + op).orElse(type);
            case "Custom Scan" -> type + node.text("Custom Plan Provider").map(p -> " (" + p + ")").orElse("");
            case "Nested Loop", "Merge Join", "Hash Join" -> join(node);
            default -> type;
        };
    }

    private static String aggregate(PlanNode node) {
        String strategy = switch (node.text("Strategy").orElse("Plain")) {
            case "Sorted" -> "GroupAggregate";
            case "Hashed" -> "HashAggregate";
            case "Mixed" -> "MixedAggregate";
            default -> "Aggregate";
        };
        return node.text("Partial Mode").filter(mode -> !mode.equals("Simple")).map(mode -> mode + " " + strategy)
                .orElse(strategy);
    }

    private static String join(PlanNode node) {
        boolean nestedLoop = node.is("Nested Loop");
        String base = nestedLoop ? "Nested Loop" : node.nodeType().replace(" Join", "");
        String joinType = node.text("Join Type").orElse("Inner");
        if (!joinType.equals("Inner")) {
            return base + " " + joinType + " Join";
        }
        return nestedLoop ? base : base + " Join";
    }

    /** " on schema.object alias", as PostgreSQL's ExplainTargetRel prints it. */
    private static String target(PlanNode node, String alias) {
        Optional<String> object = Optional.empty();
        for (String field : OBJECT_NAMES) {
            object = object.or(() -> node.text(field));
        }
        StringBuilder target = new StringBuilder(" on");
        Optional<String> schema = node.schema();
        if (object.isPresent()) {
            target.append(' ');
            schema.ifPresent(s -> target.append(Identifiers.quote(s)).append('.'));
            target.append(Identifiers.quote(object.get()));
        }
        if (object.isEmpty() || !object.get().equals(alias)) {
            target.append(' ').append(Identifiers.quote(alias));
        }
        return target.toString();
    }

    private static String digits(PlanNode node, String field) {
        JsonNode value = node.json().get(field);
        return value == null ? "0" : PlanJson.digits(value);
    }
}
