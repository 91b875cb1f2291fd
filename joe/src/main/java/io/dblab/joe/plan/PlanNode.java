package io.dblab.joe.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.stream.Stream;

/**
 * One node of an EXPLAIN (FORMAT JSON) plan tree. Typed accessors cover the fields that the text
 * renderer, the summary and the insight rules read; {@link #json()} keeps every field PostgreSQL sent,
 * known or not. Row counts and times are per loop, as PostgreSQL reports them; buffer counts are totals.
 */
public final class PlanNode {
    private final ObjectNode json;
    private final List<PlanNode> children;

    PlanNode(ObjectNode json) {
        this.json = json;
        List<PlanNode> kids = new ArrayList<>();
        JsonNode plans = json.get("Plans");
        if (plans != null) {
            plans.forEach(child -> kids.add(new PlanNode((ObjectNode) child)));
        }
        this.children = List.copyOf(kids);
    }

    /** This node's JSON as PostgreSQL sent it, children included. */
    public ObjectNode json() {
        return json;
    }

    public List<PlanNode> children() {
        return children;
    }

    /** This node and all below it, parents before children, in the order EXPLAIN prints them. */
    public Stream<PlanNode> subtree() {
        return Stream.concat(Stream.of(this), children.stream().flatMap(PlanNode::subtree));
    }

    public boolean has(String field) {
        return json.has(field);
    }

    public Optional<String> text(String field) {
        JsonNode value = json.get(field);
        return value == null || value.isNull() ? Optional.empty() : Optional.of(value.asText());
    }

    /** A numeric field, 0 when PostgreSQL did not send it. */
    public double number(String field) {
        JsonNode value = json.get(field);
        return value == null ? 0 : value.asDouble();
    }

    public OptionalDouble optionalNumber(String field) {
        JsonNode value = json.get(field);
        return value == null ? OptionalDouble.empty() : OptionalDouble.of(value.asDouble());
    }

    public boolean flag(String field) {
        JsonNode value = json.get(field);
        return value != null && value.asBoolean();
    }

    public String nodeType() {
        return text("Node Type").orElse("");
    }

    public boolean is(String nodeType) {
        return nodeType().equals(nodeType);
    }

    public Optional<String> relationName() {
        return text("Relation Name");
    }

    public Optional<String> schema() {
        return text("Schema");
    }

    public Optional<String> alias() {
        return text("Alias");
    }

    public Optional<String> indexName() {
        return text("Index Name");
    }

    public Optional<String> subplanName() {
        return text("Subplan Name");
    }

    public Optional<String> parentRelationship() {
        return text("Parent Relationship");
    }

    public double planRows() {
        return number("Plan Rows");
    }

    public double totalCost() {
        return number("Total Cost");
    }

    /** Whether the plan was run (EXPLAIN ANALYZE): the node carries actual rows and loops. */
    public boolean hasActuals() {
        return has("Actual Loops");
    }

    public double actualRows() {
        return number("Actual Rows");
    }

    public double actualLoops() {
        return number("Actual Loops");
    }

    /** Rows over all loops: the per-loop average PostgreSQL reports times the loops. */
    public double actualRowsAllLoops() {
        return actualRows() * actualLoops();
    }

    /** Milliseconds per loop up to the last row; absent without ANALYZE or with TIMING OFF. */
    public OptionalDouble actualTotalTime() {
        return optionalNumber("Actual Total Time");
    }

    /** Milliseconds in this node and below over all loops, absent where the time is not known. */
    public OptionalDouble inclusiveTime() {
        OptionalDouble perLoop = actualTotalTime();
        return perLoop.isPresent() ? OptionalDouble.of(perLoop.getAsDouble() * actualLoops()) : OptionalDouble.empty();
    }

    public double rowsRemovedByFilter() {
        return number("Rows Removed by Filter");
    }

    public double heapFetches() {
        return number("Heap Fetches");
    }

    public double exactHeapBlocks() {
        return number("Exact Heap Blocks");
    }

    public double lossyHeapBlocks() {
        return number("Lossy Heap Blocks");
    }

    public Optional<String> sortMethod() {
        return text("Sort Method");
    }

    public Optional<String> sortSpaceType() {
        return text("Sort Space Type");
    }

    public double sortSpaceUsedKb() {
        return number("Sort Space Used");
    }

    public double hashBatches() {
        return number("Hash Batches");
    }

    public double hashAggBatches() {
        return number("HashAgg Batches");
    }

    public double diskUsageKb() {
        return number("Disk Usage");
    }

    public OptionalDouble workersPlanned() {
        return optionalNumber("Workers Planned");
    }

    public OptionalDouble workersLaunched() {
        return optionalNumber("Workers Launched");
    }

    /** Buffer counts of this node and everything it ran, over all loops. */
    public BufferCounts buffers() {
        return BufferCounts.of(json);
    }

    /** What the node is and what it reads, as the first line of EXPLAIN shows it without numbers. */
    public String label() {
        return NodeTitle.name(this);
    }

    @Override
    public String toString() {
        return label();
    }
}
