package io.dblab.joe.insight;

import io.dblab.joe.plan.ExplainPlan;
import io.dblab.joe.plan.PlanNode;
import java.util.List;

/** The statement returned many rows and nothing limits them. */
final class ManyRowsWithoutLimit implements InsightRule {
    @Override
    public InsightId id() {
        return InsightId.MANY_ROWS_WITHOUT_LIMIT;
    }

    @Override
    public List<Insight> check(ExplainPlan plan, PlanTree tree, Thresholds t) {
        PlanNode root = plan.root();
        if (!root.hasActuals() || root.is("Limit") || root.actualRowsAllLoops() <= t.rowsWithoutLimit()) {
            return List.of();
        }
        return List.of(new Insight(id(), root.label(), root.label() + " returned " + Numbers.count(root.actualRowsAllLoops())
                        + " rows, with no LIMIT",
                "No person reads that many rows, and an application rarely needs them at once; sending them costs time, memory and network.",
                "Add a LIMIT (with keyset pagination: WHERE key > last seen ORDER BY key LIMIT n), or aggregate in the query."));
    }
}
