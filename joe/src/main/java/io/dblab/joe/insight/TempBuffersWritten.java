package io.dblab.joe.insight;

import io.dblab.joe.plan.BufferCounts;
import io.dblab.joe.plan.ExplainPlan;
import io.dblab.joe.plan.PlanNode;
import java.util.List;

/** The statement wrote temporary files: some step did not fit in work_mem. */
final class TempBuffersWritten implements InsightRule {
    @Override
    public InsightId id() {
        return InsightId.TEMP_BUFFERS_WRITTEN;
    }

    @Override
    public List<Insight> check(ExplainPlan plan, PlanTree tree, Thresholds t) {
        long written = plan.root().buffers().tempWritten();
        if (written <= t.tempWrittenBlocks()) {
            return List.of();
        }
        PlanNode writer = tree.largestOwn(BufferCounts::tempWritten);
        return List.of(new Insight(id(), writer.label(), "The statement wrote " + Numbers.count(written)
                        + " temp blocks, most of them in " + writer.label(),
                "A sort, hash or materialization that does not fit in work_mem goes to temporary files on disk, which is much slower than memory.",
                "Raise work_mem for this query (SET work_mem = '64MB' in the session, then explain again), or make the step "
                        + "handle fewer rows or narrower ones."));
    }
}
