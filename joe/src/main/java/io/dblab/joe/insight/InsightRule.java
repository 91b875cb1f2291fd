package io.dblab.joe.insight;

import io.dblab.joe.plan.ExplainPlan;
import java.util.List;

/** One kind of problem to look for in a plan. */
public interface InsightRule {
    InsightId id();

    List<Insight> check(ExplainPlan plan, PlanTree tree, Thresholds thresholds);
}
