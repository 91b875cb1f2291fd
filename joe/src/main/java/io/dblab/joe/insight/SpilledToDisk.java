package io.dblab.joe.insight;

import com.fasterxml.jackson.databind.JsonNode;
import io.dblab.joe.plan.ExplainPlan;
import io.dblab.joe.plan.PlanNode;
import java.util.Optional;

/** A sort, hash or hash aggregate that did not fit in memory and worked on disk. */
final class SpilledToDisk extends NodeRule {
    @Override
    public InsightId id() {
        return InsightId.SPILLED_TO_DISK;
    }

    @Override
    Optional<Insight> check(PlanNode node, ExplainPlan plan, PlanTree tree, Thresholds t) {
        return spill(node).map(what -> insight(node, node.label() + " " + what,
                "work_mem is the memory one sort or hash may use; past it PostgreSQL splits the work into batches on disk "
                        + "and reads them back, many times slower than in memory.",
                "Raise work_mem for this query (SET work_mem = '64MB', then explain again) or give the step fewer or "
                        + "narrower rows; for hash aggregates, hash_mem_multiplier raises their share."));
    }

    private static Optional<String> spill(PlanNode node) {
        if (node.is("Sort") && (isDiskSort(node.json()) || anyWorkerSortedOnDisk(node))) {
            return Optional.of("sorted on disk (" + node.sortMethod().orElse("external") + ", "
                    + Numbers.count(node.sortSpaceUsedKb()) + " kB)");
        }
        if (node.is("Hash") && node.hashBatches() > 1) {
            return Optional.of("split its hash table into " + Numbers.count(node.hashBatches()) + " batches on disk");
        }
        if (node.is("Aggregate") && node.hashAggBatches() > 1) {
            return Optional.of("spilled " + Numbers.count(node.diskUsageKb()) + " kB to disk in "
                    + Numbers.count(node.hashAggBatches()) + " batches");
        }
        return Optional.empty();
    }

    private static boolean isDiskSort(JsonNode fields) {
        return "Disk".equals(fields.path("Sort Space Type").asText());
    }

    /** Parallel workers report their own sorts; the leader's may have fit while a worker's did not. */
    private static boolean anyWorkerSortedOnDisk(PlanNode node) {
        for (JsonNode worker : node.json().path("Workers")) {
            if (isDiskSort(worker)) {
                return true;
            }
        }
        return false;
    }
}
