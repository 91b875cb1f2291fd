package io.dblab.joe.flame;

import io.dblab.joe.plan.PlanNode;

/**
 * One plan node's rectangle: its depth in the tree (0 for the top node), where it starts and how wide it
 * is as shares of the whole width, and the weight it was sized by.
 */
record Frame(PlanNode node, int depth, double start, double width, double weight) {
}
