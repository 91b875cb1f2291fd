package io.dblab.joe.plan;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

/**
 * The detail lines under a node (or of one parallel worker) in EXPLAIN's text form, made from the JSON
 * fields in the order PostgreSQL sent them: both forms come from the same code, so the JSON order is
 * the text order. Fields the text form leaves out are left out here too.
 */
final class FieldLines {
    private static final Set<String> NOT_DETAILS = Set.of("Plans", "Workers", "Worker Number");
    private final boolean verbose;

    FieldLines(boolean verbose) {
        this.verbose = verbose;
    }

    List<String> of(JsonNode fields) {
        List<String> lines = new ArrayList<>();
        Set<FieldGroup> done = new HashSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = fields.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String name = field.getKey();
            if (NodeTitle.FIELDS.contains(name) || NOT_DETAILS.contains(name)) {
                continue;
            }
            FieldGroup group = groupOf(name, fields);
            if (group != null) {
                if (done.add(group)) {
                    lines.addAll(group.lines().apply(fields));
                }
            } else if (shown(name, field.getValue())) {
                lines.addAll(single(name, field.getValue()));
            }
        }
        return lines;
    }

    private static FieldGroup groupOf(String name, JsonNode fields) {
        for (FieldGroup group : FieldGroup.ALL) {
            if (group.members().contains(name) && group.applies(fields)) {
                return group;
            }
        }
        return null;
    }

    /**
     * The text form hides zero counts of removed rows and subplans, a false "Single Copy" and "Inner
     * Unique" unless VERBOSE and true. A removed-rows count that PostgreSQL averaged over loops down to 0
     * is printed as 0 in the text but cannot be told from none in the JSON; it is hidden here.
     */
    private boolean shown(String name, JsonNode value) {
        if (name.startsWith("Rows Removed by") || name.equals("Subplans Removed")) {
            return value.asDouble() != 0;
        }
        return switch (name) {
            case "Single Copy" -> value.asBoolean();
            case "Inner Unique" -> verbose && value.asBoolean();
            default -> true;
        };
    }

    private static List<String> single(String name, JsonNode value) {
        if (name.equals("JIT")) {
            return SummaryLines.jit(value);
        }
        if (value.isObject() && value.has("Group Count")) {
            return List.of(incrementalSortGroups(name, value));
        }
        if (value.isArray() && StreamSupport.stream(value.spliterator(), false).allMatch(JsonNode::isValueNode)) {
            return List.of(name + ": " + StreamSupport.stream(value.spliterator(), false).map(FieldLines::scalar)
                    .collect(Collectors.joining(", ")));
        }
        return value.isValueNode() ? List.of(name + ": " + scalar(value)) : List.of();
    }

    /** "Full-sort Groups: 4  Sort Method: quicksort  Average Memory: 26kB  Peak Memory: 26kB". */
    private static String incrementalSortGroups(String name, JsonNode group) {
        JsonNode methods = group.path("Sort Methods Used");
        StringBuilder line = new StringBuilder(name).append(": ").append(FieldGroup.digits(group, "Group Count"))
                .append("  Sort Method").append(methods.size() > 1 ? "s" : "").append(": ")
                .append(StreamSupport.stream(methods.spliterator(), false).map(JsonNode::asText).collect(Collectors.joining(", ")));
        for (String space : List.of("Memory", "Disk")) {
            JsonNode used = group.get("Sort Space " + space);
            if (used != null) {
                line.append("  Average ").append(space).append(": ").append(FieldGroup.digits(used, "Average Sort Space Used"))
                        .append("kB  Peak ").append(space).append(": ").append(FieldGroup.digits(used, "Peak Sort Space Used")).append("kB");
            }
        }
        return line.toString();
    }

    static String scalar(JsonNode value) {
        return value.isNumber() ? PlanJson.digits(value) : value.asText();
    }
}
