package io.dblab.joe.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * One EXPLAIN (FORMAT JSON) result: the plan tree and what PostgreSQL prints around it (settings,
 * planning and execution time, triggers, JIT). Every field is kept, known or not.
 */
public final class ExplainPlan {
    private final ObjectNode json;
    private final PlanNode root;

    private ExplainPlan(ObjectNode json) {
        JsonNode plan = json.get("Plan");
        if (plan == null || !plan.isObject()) {
            throw new IllegalArgumentException("not EXPLAIN JSON: no \"Plan\" object");
        }
        this.json = json;
        this.root = new PlanNode((ObjectNode) plan);
    }

    /** Parses what EXPLAIN (FORMAT JSON) returns: an array holding one object, or that object alone. */
    public static ExplainPlan parse(String explainJson) {
        return of(PlanJson.read(explainJson));
    }

    public static ExplainPlan of(JsonNode tree) {
        JsonNode top = tree.isArray() && tree.size() == 1 ? tree.get(0) : tree;
        if (!top.isObject()) {
            throw new IllegalArgumentException("not EXPLAIN JSON: expected one object, got " + tree.getNodeType());
        }
        return new ExplainPlan((ObjectNode) top);
    }

    /** A deep copy of the JSON, for rewriting without touching this plan. */
    ObjectNode copyOfJson() {
        return json.deepCopy();
    }

    public ObjectNode json() {
        return json.deepCopy();
    }

    /** The JSON in PostgreSQL's shape: an array of one object. */
    public String toJson() {
        ArrayNode array = PlanJson.MAPPER.createArrayNode();
        array.add(json);
        return PlanJson.write(array);
    }

    public PlanNode root() {
        return root;
    }

    /** All nodes, parents before children, in the order EXPLAIN prints them. */
    public List<PlanNode> nodes() {
        return root.subtree().toList();
    }

    public boolean analyzed() {
        return root.hasActuals();
    }

    public OptionalDouble planningTime() {
        return millis("Planning Time");
    }

    public OptionalDouble executionTime() {
        return millis("Execution Time");
    }

    /** JIT's total time in milliseconds (EXPLAIN ANALYZE with timing, when JIT compiled anything). */
    public OptionalDouble jitTime() {
        JsonNode total = json.path("JIT").path("Timing").path("Total");
        return total.isNumber() ? OptionalDouble.of(total.asDouble()) : OptionalDouble.empty();
    }

    /** Settings that differ from the built-in defaults and affect planning (EXPLAIN SETTINGS). */
    public Map<String, String> settings() {
        Map<String, String> settings = new LinkedHashMap<>();
        json.path("Settings").fields().forEachRemaining(e -> settings.put(e.getKey(), e.getValue().asText()));
        return settings;
    }

    /** Buffers used while planning (EXPLAIN BUFFERS with SUMMARY). */
    public BufferCounts planningBuffers() {
        JsonNode planning = json.get("Planning");
        return planning == null ? BufferCounts.NONE : BufferCounts.of(planning);
    }

    private OptionalDouble millis(String field) {
        JsonNode value = json.get(field);
        return value == null ? OptionalDouble.empty() : OptionalDouble.of(value.asDouble());
    }
}
