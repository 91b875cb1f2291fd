package io.dblab.joe.insight;

/**
 * One piece of advice about a plan: which rule found it, the node it is about (as EXPLAIN names it),
 * a one-line finding with the numbers, why it matters, and what to try.
 */
public record Insight(InsightId id, String node, String finding, String explanation, String fix) {
}
