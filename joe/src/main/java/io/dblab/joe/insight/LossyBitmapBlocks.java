package io.dblab.joe.insight;

import io.dblab.joe.plan.ExplainPlan;
import io.dblab.joe.plan.PlanNode;
import java.util.Optional;

/** A bitmap heap scan whose bitmap did not fit in work_mem and lost the row positions of some pages. */
final class LossyBitmapBlocks extends NodeRule {
    @Override
    public InsightId id() {
        return InsightId.LOSSY_BITMAP_BLOCKS;
    }

    @Override
    Optional<Insight> check(PlanNode node, ExplainPlan plan, PlanTree tree, Thresholds t) {
        if (!node.is("Bitmap Heap Scan") || node.lossyHeapBlocks() <= t.lossyBlocks()) {
            return Optional.empty();
        }
        return Optional.of(insight(node, node.label() + " had " + Numbers.count(node.lossyHeapBlocks()) + " lossy and "
                        + Numbers.count(node.exactHeapBlocks()) + " exact heap blocks",
                "When the bitmap outgrows work_mem it keeps only whole pages; every row of a lossy page is then read "
                        + "and checked again (Recheck Cond), which costs CPU and time.",
                "Raise work_mem for this query, or make the condition more selective so that fewer pages match."));
    }
}
