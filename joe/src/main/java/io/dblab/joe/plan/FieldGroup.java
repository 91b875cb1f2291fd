package io.dblab.joe.plan;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * JSON fields that EXPLAIN's text form prints together on one line ("Sort Method: quicksort  Memory:
 * 25kB", "Buffers: shared hit=4 read=2"). A group applies to a node that has one of its key fields, and
 * then it covers all its members; "Peak Memory Usage" belongs to whichever group applies.
 */
record FieldGroup(Set<String> keys, Set<String> members, Function<JsonNode, List<String>> lines) {
    static final List<FieldGroup> ALL = List.of(
            group(Set.of("Sort Method"), Set.of("Sort Method", "Sort Space Used", "Sort Space Type"), FieldGroup::sort),
            group(Set.of("Hash Buckets"), Set.of("Hash Buckets", "Original Hash Buckets", "Hash Batches",
                    "Original Hash Batches", "Peak Memory Usage"), FieldGroup::hash),
            group(Set.of("HashAgg Batches", "Planned Partitions"), Set.of("Planned Partitions", "HashAgg Batches",
                    "Peak Memory Usage", "Disk Usage"), FieldGroup::hashAggregate),
            group(Set.of("Cache Hits"), Set.of("Cache Hits", "Cache Misses", "Cache Evictions", "Cache Overflows",
                    "Peak Memory Usage"), FieldGroup::memoize),
            group(Set.of("Exact Heap Blocks", "Lossy Heap Blocks"), Set.of("Exact Heap Blocks", "Lossy Heap Blocks"),
                    FieldGroup::heapBlocks),
            group(BufferLines.BLOCK_FIELDS, BufferLines.BLOCK_FIELDS, BufferLines::buffers),
            group(BufferLines.TIME_FIELDS, BufferLines.TIME_FIELDS, BufferLines::ioTimings),
            group(Set.of("WAL Records"), Set.of("WAL Records", "WAL FPI", "WAL Bytes"), FieldGroup::wal));

    private static FieldGroup group(Set<String> keys, Set<String> members, Function<JsonNode, List<String>> lines) {
        return new FieldGroup(keys, members, lines);
    }

    boolean applies(JsonNode fields) {
        return keys.stream().anyMatch(fields::has);
    }

    private static List<String> sort(JsonNode f) {
        return List.of("Sort Method: " + f.path("Sort Method").asText() + "  " + f.path("Sort Space Type").asText()
                + ": " + digits(f, "Sort Space Used") + "kB");
    }

    private static List<String> hash(JsonNode f) {
        String buckets = digits(f, "Hash Buckets");
        String batches = digits(f, "Hash Batches");
        String originalBuckets = digits(f, "Original Hash Buckets");
        String originalBatches = digits(f, "Original Hash Batches");
        boolean changed = !buckets.equals(originalBuckets) || !batches.equals(originalBatches);
        return List.of(changed
                ? "Buckets: " + buckets + " (originally " + originalBuckets + ")  Batches: " + batches
                        + " (originally " + originalBatches + ")  Memory Usage: " + digits(f, "Peak Memory Usage") + "kB"
                : "Buckets: " + buckets + "  Batches: " + batches + "  Memory Usage: " + digits(f, "Peak Memory Usage") + "kB");
    }

    private static List<String> hashAggregate(JsonNode f) {
        List<String> parts = new ArrayList<>();
        if (f.path("Planned Partitions").asLong() > 0) {
            parts.add("Planned Partitions: " + digits(f, "Planned Partitions"));
        }
        if (f.has("HashAgg Batches")) {
            String batches = "Batches: " + digits(f, "HashAgg Batches") + "  Memory Usage: " + digits(f, "Peak Memory Usage") + "kB";
            // PostgreSQL shows the disk only when the aggregate spilled, that is used more than one batch
            parts.add(f.path("HashAgg Batches").asLong() > 1 ? batches + "  Disk Usage: " + digits(f, "Disk Usage") + "kB" : batches);
        }
        return parts.isEmpty() ? List.of() : List.of(String.join("  ", parts));
    }

    private static List<String> memoize(JsonNode f) {
        return List.of("Hits: " + digits(f, "Cache Hits") + "  Misses: " + digits(f, "Cache Misses") + "  Evictions: "
                + digits(f, "Cache Evictions") + "  Overflows: " + digits(f, "Cache Overflows") + "  Memory Usage: "
                + digits(f, "Peak Memory Usage") + "kB");
    }

    private static List<String> heapBlocks(JsonNode f) {
        String counts = positive(f, " exact=", "Exact Heap Blocks") + positive(f, " lossy=", "Lossy Heap Blocks");
        return counts.isEmpty() ? List.of() : List.of("Heap Blocks:" + counts);
    }

    private static List<String> wal(JsonNode f) {
        String counts = positive(f, " records=", "WAL Records") + positive(f, " fpi=", "WAL FPI") + positive(f, " bytes=", "WAL Bytes");
        return counts.isEmpty() ? List.of() : List.of("WAL:" + counts);
    }

    /** " label=value" for a positive count, nothing otherwise: the text form hides zero counters. */
    static String positive(JsonNode f, String label, String field) {
        JsonNode value = f.get(field);
        return value != null && value.asDouble() > 0 ? label + PlanJson.digits(value) : "";
    }

    static String digits(JsonNode f, String field) {
        JsonNode value = f.get(field);
        return value == null ? "0" : PlanJson.digits(value);
    }
}
