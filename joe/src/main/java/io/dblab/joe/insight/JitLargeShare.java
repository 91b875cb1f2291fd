package io.dblab.joe.insight;

import io.dblab.joe.plan.ExplainPlan;
import java.util.List;

/** JIT compilation took a large part of the statement's time. */
final class JitLargeShare implements InsightRule {
    @Override
    public InsightId id() {
        return InsightId.JIT_LARGE_SHARE;
    }

    @Override
    public List<Insight> check(ExplainPlan plan, PlanTree tree, Thresholds t) {
        double total = plan.planningTime().orElse(0) + plan.executionTime().orElse(0);
        if (plan.jitTime().isEmpty() || total <= 0) {
            return List.of();
        }
        double jit = plan.jitTime().getAsDouble();
        double share = jit / total;
        if (share < t.jitShare()) {
            return List.of();
        }
        return List.of(new Insight(id(), plan.root().label(), "JIT compilation for the plan under " + plan.root().label()
                        + " took " + Numbers.millis(jit) + ", " + Numbers.percent(share) + " of the total time",
                "PostgreSQL compiles expressions to machine code when the plan's cost passes jit_above_cost; for a query that "
                        + "runs briefly the compilation costs more than it saves.",
                "Raise jit_above_cost (and jit_inline_above_cost, jit_optimize_above_cost), or turn jit off for such queries; "
                        + "a cost estimate far too high may be the real cause."));
    }
}
