package io.dblab.joe.insight;

import io.dblab.joe.plan.ExplainPlan;
import io.dblab.joe.plan.PlanNode;
import java.util.Optional;

/** A Gather that got fewer parallel workers than planned: the pool of workers was exhausted or limited. */
final class ParallelWorkersNotLaunched extends NodeRule {
    @Override
    public InsightId id() {
        return InsightId.PARALLEL_WORKERS_NOT_LAUNCHED;
    }

    @Override
    Optional<Insight> check(PlanNode node, ExplainPlan plan, PlanTree tree, Thresholds t) {
        if (node.workersPlanned().isEmpty() || node.workersLaunched().isEmpty()) {
            return Optional.empty();
        }
        double planned = node.workersPlanned().getAsDouble();
        double launched = node.workersLaunched().getAsDouble();
        if (launched >= planned) {
            return Optional.empty();
        }
        return Optional.of(insight(node, node.label() + " launched " + Numbers.count(launched) + " of "
                        + Numbers.count(planned) + " planned parallel workers",
                "The plan counted on parallel workers that did not start, so the leader did their share and the query ran "
                        + "slower than planned; on production this depends on how many workers other queries hold.",
                "Check max_parallel_workers and max_worker_processes against the load; if workers are scarce, plan for fewer "
                        + "(max_parallel_workers_per_gather) or make the query cheaper."));
    }
}
