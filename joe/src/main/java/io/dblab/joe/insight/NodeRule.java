package io.dblab.joe.insight;

import io.dblab.joe.plan.ExplainPlan;
import io.dblab.joe.plan.PlanNode;
import java.util.List;
import java.util.Optional;

/** A rule that looks at each node of a run plan on its own. */
abstract class NodeRule implements InsightRule {
    @Override
    public final List<Insight> check(ExplainPlan plan, PlanTree tree, Thresholds thresholds) {
        if (!plan.analyzed()) {
            return List.of();
        }
        return plan.nodes().stream().filter(PlanNode::hasActuals)
                .flatMap(node -> check(node, plan, tree, thresholds).stream()).toList();
    }

    abstract Optional<Insight> check(PlanNode node, ExplainPlan plan, PlanTree tree, Thresholds thresholds);

    Insight insight(PlanNode node, String finding, String explanation, String fix) {
        return new Insight(id(), node.label(), finding, explanation, fix);
    }
}
