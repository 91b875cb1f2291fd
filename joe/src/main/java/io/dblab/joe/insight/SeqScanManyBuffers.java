package io.dblab.joe.insight;

import io.dblab.joe.plan.ExplainPlan;
import io.dblab.joe.plan.PlanNode;
import java.util.Optional;

/** A sequential scan that touched many blocks: the whole table was read to find its rows. */
final class SeqScanManyBuffers extends NodeRule {
    @Override
    public InsightId id() {
        return InsightId.SEQ_SCAN_MANY_BUFFERS;
    }

    @Override
    Optional<Insight> check(PlanNode node, ExplainPlan plan, PlanTree tree, Thresholds t) {
        long blocks = node.buffers().sharedHitAndRead();
        if (!node.is("Seq Scan") || blocks <= t.seqScanBlocks()) {
            return Optional.empty();
        }
        return Optional.of(insight(node, node.label() + " touched " + Numbers.count(blocks) + " blocks (hit and read)",
                "A sequential scan reads every row of the table; on a big table it is slow and pushes other data out of the cache.",
                "Add an index that matches the filter or the join key of this scan, so that only the rows needed are read."));
    }
}
