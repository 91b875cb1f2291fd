package io.dblab.joe.insight;

import io.dblab.joe.plan.ExplainPlan;
import io.dblab.joe.plan.PlanNode;
import java.util.Optional;

/** An index-only scan that still went to the table: the visibility map is out of date. */
final class IndexOnlyScanHeapFetches extends NodeRule {
    @Override
    public InsightId id() {
        return InsightId.INDEX_ONLY_SCAN_HEAP_FETCHES;
    }

    @Override
    Optional<Insight> check(PlanNode node, ExplainPlan plan, PlanTree tree, Thresholds t) {
        if (!node.is("Index Only Scan") || node.heapFetches() <= t.heapFetches()) {
            return Optional.empty();
        }
        return Optional.of(insight(node, node.label() + " fetched " + Numbers.count(node.heapFetches())
                        + " rows from the table (heap fetches)",
                "An index-only scan skips the table only for pages that the visibility map marks all-visible; rows changed "
                        + "since the last VACUUM must be checked in the table, which costs a random read each.",
                "Run VACUUM (ANALYZE) on the table; for good, tune autovacuum to visit it more often "
                        + "(a lower autovacuum_vacuum_scale_factor, or autovacuum_vacuum_insert_scale_factor for insert-mostly tables)."));
    }
}
