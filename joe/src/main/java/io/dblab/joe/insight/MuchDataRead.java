package io.dblab.joe.insight;

import io.dblab.joe.plan.BufferCounts;
import io.dblab.joe.plan.ExplainPlan;
import io.dblab.joe.plan.PlanNode;
import java.util.List;

/** The statement as a whole read or hit many blocks; names the node that used the most. */
final class MuchDataRead implements InsightRule {
    @Override
    public InsightId id() {
        return InsightId.MUCH_DATA_READ;
    }

    @Override
    public List<Insight> check(ExplainPlan plan, PlanTree tree, Thresholds t) {
        BufferCounts total = plan.root().buffers();
        if (total.sharedRead() <= t.readBlocks() && total.sharedHit() <= t.hitBlocks()) {
            return List.of();
        }
        PlanNode heaviest = tree.largestOwn(BufferCounts::sharedHitAndRead);
        return List.of(new Insight(id(), heaviest.label(), "The statement read " + Numbers.count(total.sharedRead())
                + " and hit " + Numbers.count(total.sharedHit()) + " shared blocks, most of them in " + heaviest.label(),
                "Every block is 8 KiB (at the usual block size) of work; reading many of them to return a few rows is what makes a query slow, "
                        + "and on production the blocks are less often in the cache than on a fresh clone.",
                "Cut the rows down as early as possible: an index for the filter, a narrower query, partitioning, or "
                        + "precomputed data. Look at the node named here first."));
    }
}
