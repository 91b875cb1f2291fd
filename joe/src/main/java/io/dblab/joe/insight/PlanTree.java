package io.dblab.joe.insight;

import io.dblab.joe.plan.BufferCounts;
import io.dblab.joe.plan.ExplainPlan;
import io.dblab.joe.plan.PlanNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;

/** Parents of plan nodes, and each node's own share of the buffers (its counts include its children's). */
public final class PlanTree {
    private final ExplainPlan plan;
    private final Map<PlanNode, PlanNode> parents = new IdentityHashMap<>();

    public PlanTree(ExplainPlan plan) {
        this.plan = plan;
        plan.nodes().forEach(node -> node.children().forEach(child -> parents.put(child, node)));
    }

    /** Parent first, then its parent, up to the top node. */
    public List<PlanNode> ancestors(PlanNode node) {
        List<PlanNode> ancestors = new ArrayList<>();
        for (PlanNode up = parents.get(node); up != null; up = parents.get(up)) {
            ancestors.add(up);
        }
        return ancestors;
    }

    public BufferCounts ownBuffers(PlanNode node) {
        BufferCounts children = node.children().stream().map(PlanNode::buffers).reduce(BufferCounts.NONE, BufferCounts::plus);
        return node.buffers().minus(children);
    }

    /** The node with the largest own share of some buffer count: where the statement spent it. */
    public PlanNode largestOwn(ToLongFunction<BufferCounts> count) {
        return plan.nodes().stream().max(Comparator.comparingLong(node -> count.applyAsLong(ownBuffers(node))))
                .orElse(plan.root());
    }
}
