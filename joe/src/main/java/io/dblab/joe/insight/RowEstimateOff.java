package io.dblab.joe.insight;

import io.dblab.joe.plan.ExplainPlan;
import io.dblab.joe.plan.PlanNode;
import java.util.List;
import java.util.Optional;

/**
 * A node whose actual rows differ from the planner's estimate by a large factor, where it matters
 * (many rows, a real share of the time). Only the deepest node of a chain of bad estimates is named,
 * since its parents inherit the error; fewer rows than estimated below a Limit, a semi or anti join,
 * a merge join or a subplan are expected, as those stop reading early.
 */
final class RowEstimateOff extends NodeRule {
    @Override
    public InsightId id() {
        return InsightId.ROW_ESTIMATE_OFF;
    }

    @Override
    Optional<Insight> check(PlanNode node, ExplainPlan plan, PlanTree tree, Thresholds t) {
        if (!isOff(node, t) || !matters(node, plan, t) || inherited(node, t)) {
            return Optional.empty();
        }
        boolean under = under(node);
        if (!under && mayStopEarly(node, tree.ancestors(node))) {
            return Optional.empty();
        }
        return Optional.of(insight(node, node.label() + " returned " + Numbers.count(node.actualRows()) + " rows per loop where "
                        + Numbers.count(node.planRows()) + " were estimated (" + Numbers.factor(factor(node)) + " "
                        + (under ? "more" : "fewer") + ")",
                "The planner chooses join methods, join order and memory from its row estimates; an estimate this far off "
                        + "often leads to a nested loop over many rows or a hash that spills.",
                "Run ANALYZE on the tables; for correlated columns create extended statistics (CREATE STATISTICS ... "
                        + "(dependencies, ndistinct, mcv)); raise the column's statistics target for skewed data."));
    }

    private static boolean isOff(PlanNode node, Thresholds t) {
        return node.hasActuals() && node.actualLoops() > 0 && factor(node) >= t.estimateFactor();
    }

    /** A child off the same way passed its error up: the child is the one to name. */
    private static boolean inherited(PlanNode node, Thresholds t) {
        return node.children().stream().anyMatch(child -> isOff(child, t) && under(child) == under(node));
    }

    private static double factor(PlanNode node) {
        double estimated = node.planRows();
        double actual = node.actualRows();
        return Math.max(estimated, actual) / Math.max(1, Math.min(estimated, actual));
    }

    private static boolean under(PlanNode node) {
        return node.actualRows() > node.planRows();
    }

    private static boolean matters(PlanNode node, ExplainPlan plan, Thresholds t) {
        double rows = Math.max(node.planRows(), node.actualRows()) * node.actualLoops();
        if (rows < t.estimateMinRows()) {
            return false;
        }
        double execution = plan.executionTime().orElse(0);
        return node.inclusiveTime().isEmpty() || execution <= 0
                || node.inclusiveTime().getAsDouble() / execution >= t.estimateMinTimeShare();
    }

    private static boolean mayStopEarly(PlanNode node, List<PlanNode> ancestors) {
        if (node.subplanName().filter(name -> name.startsWith("SubPlan")).isPresent()) {
            return true;
        }
        return ancestors.stream().anyMatch(up -> up.is("Limit") || up.is("Merge Join")
                || up.text("Join Type").filter(type -> type.equals("Semi") || type.equals("Anti")).isPresent()
                || up.subplanName().filter(name -> name.startsWith("SubPlan")).isPresent());
    }
}
