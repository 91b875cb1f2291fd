package io.dblab.joe.insight;

import io.dblab.joe.plan.ExplainPlan;
import io.dblab.joe.plan.PlanNode;
import java.util.Optional;

/** A nested loop that ran its inner side very many times. */
final class NestedLoopManyLoops extends NodeRule {
    @Override
    public InsightId id() {
        return InsightId.NESTED_LOOP_MANY_LOOPS;
    }

    @Override
    Optional<Insight> check(PlanNode node, ExplainPlan plan, PlanTree tree, Thresholds t) {
        if (!node.is("Nested Loop")) {
            return Optional.empty();
        }
        Optional<PlanNode> inner = node.children().stream()
                .filter(child -> child.parentRelationship().filter("Inner"::equals).isPresent()).findFirst();
        if (inner.isEmpty() || inner.get().actualLoops() <= t.nestedLoopLoops()) {
            return Optional.empty();
        }
        return Optional.of(insight(node, node.label() + " ran " + inner.get().label() + " "
                        + Numbers.count(inner.get().actualLoops()) + " times",
                "A nested loop runs its inner side once per outer row; it is the best join for a few rows and a slow one for "
                        + "thousands, often chosen because the planner expected far fewer outer rows.",
                "Check the outer side's row estimate (ANALYZE the tables, or extended statistics for correlated columns); "
                        + "make sure the inner side uses an index on the join key; for many rows a hash or merge join is better."));
    }
}
