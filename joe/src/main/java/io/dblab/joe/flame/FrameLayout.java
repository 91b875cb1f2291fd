package io.dblab.joe.flame;

import io.dblab.joe.plan.ExplainPlan;
import io.dblab.joe.plan.PlanNode;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * Places every node of a plan: the top node spans the whole width, and each node's children share its
 * span in proportion to their weights, side by side from its left edge. Children may add up to more than
 * their parent (parallel workers' time is summed over processes, and init plans run inside other
 * nodes); then they are scaled down to fit.
 */
final class FrameLayout {
    private final ToDoubleFunction<PlanNode> weight;
    private final List<Frame> frames = new ArrayList<>();

    private FrameLayout(ToDoubleFunction<PlanNode> weight) {
        this.weight = weight;
    }

    /**
     * Frames sized by each node's time including its children over all loops; by total cost for a plan
     * that did not run or ran without timing.
     */
    static List<Frame> of(ExplainPlan plan) {
        FrameLayout layout = new FrameLayout(timed(plan) ? node -> node.inclusiveTime().orElse(0) : PlanNode::totalCost);
        layout.place(plan.root(), 0, 0, 1);
        return List.copyOf(layout.frames);
    }

    static boolean timed(ExplainPlan plan) {
        return plan.root().inclusiveTime().isPresent();
    }

    private double weightOf(PlanNode node) {
        return Math.max(0, weight.applyAsDouble(node));
    }

    private void place(PlanNode node, int depth, double start, double width) {
        double own = weightOf(node);
        frames.add(new Frame(node, depth, start, width, own));
        double scale = Math.max(own, node.children().stream().mapToDouble(this::weightOf).sum());
        double x = start;
        for (PlanNode child : node.children()) {
            double childWidth = scale > 0 ? width * weightOf(child) / scale : 0;
            place(child, depth + 1, x, childWidth);
            x += childWidth;
        }
    }
}
