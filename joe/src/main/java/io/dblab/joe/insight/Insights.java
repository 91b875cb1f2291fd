package io.dblab.joe.insight;

import io.dblab.joe.plan.ExplainPlan;
import java.util.List;

/** All insight rules, run over one plan. */
public final class Insights {
    private static final List<InsightRule> RULES = List.of(new SeqScanManyBuffers(), new MuchDataRead(),
            new ManyRowsWithoutLimit(), new TempBuffersWritten(), new IndexScanRowsRemovedByFilter(),
            new IndexOnlyScanHeapFetches(), new RowEstimateOff(), new LossyBitmapBlocks(), new SpilledToDisk(),
            new NestedLoopManyLoops(), new ParallelWorkersNotLaunched(), new JitLargeShare());

    private Insights() {
    }

    public static List<InsightRule> rules() {
        return RULES;
    }

    public static List<Insight> of(ExplainPlan plan, Thresholds thresholds) {
        PlanTree tree = new PlanTree(plan);
        return RULES.stream().flatMap(rule -> rule.check(plan, tree, thresholds).stream()).toList();
    }
}
