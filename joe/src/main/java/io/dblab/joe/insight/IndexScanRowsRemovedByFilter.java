package io.dblab.joe.insight;

import io.dblab.joe.plan.ExplainPlan;
import io.dblab.joe.plan.PlanNode;
import java.util.Optional;

/** An index scan fetched many rows only for its filter to drop them: the index fits the query badly. */
final class IndexScanRowsRemovedByFilter extends NodeRule {
    @Override
    public InsightId id() {
        return InsightId.INDEX_SCAN_ROWS_REMOVED_BY_FILTER;
    }

    @Override
    Optional<Insight> check(PlanNode node, ExplainPlan plan, PlanTree tree, Thresholds t) {
        double removed = node.rowsRemovedByFilter() * node.actualLoops();
        if (!(node.is("Index Scan") || node.is("Index Only Scan")) || removed <= t.indexFilterRemovedRows()) {
            return Optional.empty();
        }
        return Optional.of(insight(node, node.label() + " removed " + Numbers.count(removed) + " rows by its filter and kept "
                        + Numbers.count(node.actualRowsAllLoops()),
                "The index finds rows by its condition (Index Cond), then each row is fetched and the rest of the WHERE clause "
                        + "(Filter) throws most of them away: the fetching was wasted.",
                "Create an index that also covers the filtered columns (a multicolumn index, or a partial index with the filter "
                        + "as its WHERE), so that the index finds only the rows wanted."));
    }
}
