package io.dblab.joe.insight;

import static org.assertj.core.api.Assertions.assertThat;

import io.dblab.joe.plan.ExplainPlan;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The rules' edges, on small plans written for the purpose. */
class InsightRulesTest {
    static List<InsightId> fired(String planJson, Thresholds thresholds) {
        return Insights.of(ExplainPlan.parse(planJson), thresholds).stream().map(Insight::id).toList();
    }

    static List<InsightId> fired(String planJson) {
        return fired(planJson, Thresholds.defaults());
    }

    static String seqScan(int blocks) {
        return "{\"Plan\": {\"Node Type\": \"Seq Scan\", \"Relation Name\": \"t\", \"Alias\": \"t\", \"Plan Rows\": 5,"
                + " \"Actual Rows\": 5, \"Actual Loops\": 1, \"Shared Hit Blocks\": " + blocks + "}}";
    }

    @Test
    void countThresholdsFireAboveTheirValue() {
        assertThat(fired(seqScan(50))).doesNotContain(InsightId.SEQ_SCAN_MANY_BUFFERS);
        assertThat(fired(seqScan(51))).contains(InsightId.SEQ_SCAN_MANY_BUFFERS);
        Thresholds higher = new Thresholds(500, 100, 1000, 10_000, 0, 100, 0, 10, 1000, 0.1, 0, 1000, 0.1);
        assertThat(fired(seqScan(51), higher)).doesNotContain(InsightId.SEQ_SCAN_MANY_BUFFERS);
    }

    @Test
    void aPlanThatDidNotRunGetsNoRunTimeInsight() {
        String planned = "{\"Plan\": {\"Node Type\": \"Seq Scan\", \"Relation Name\": \"t\", \"Alias\": \"t\","
                + " \"Plan Rows\": 9000000, \"Total Cost\": 100000.00}}";
        assertThat(fired(planned)).isEmpty();
    }

    @Test
    void fewerRowsThanEstimatedBelowALimitAreExpected() {
        String limited = """
                {"Plan": {"Node Type": "Limit", "Plan Rows": 10, "Actual Rows": 10, "Actual Loops": 1,
                  "Plans": [{"Node Type": "Seq Scan", "Relation Name": "t", "Alias": "t", "Plan Rows": 100000,
                             "Actual Rows": 10, "Actual Loops": 1}]}}""";
        assertThat(fired(limited)).doesNotContain(InsightId.ROW_ESTIMATE_OFF);
    }

    @Test
    void onlyTheDeepestOfAChainOfBadEstimatesIsNamed() {
        String chain = """
                {"Plan": {"Node Type": "Hash Join", "Join Type": "Inner", "Plan Rows": 50, "Actual Rows": 50000,
                  "Actual Loops": 1, "Plans": [
                    {"Node Type": "Seq Scan", "Relation Name": "a", "Alias": "a", "Plan Rows": 50, "Actual Rows": 50000,
                     "Actual Loops": 1},
                    {"Node Type": "Hash", "Plan Rows": 100, "Actual Rows": 100, "Actual Loops": 1}]}}""";
        List<Insight> insights = Insights.of(ExplainPlan.parse(chain), Thresholds.defaults());
        assertThat(insights).filteredOn(i -> i.id() == InsightId.ROW_ESTIMATE_OFF).extracting(Insight::node)
                .containsExactly("Seq Scan on a");
        assertThat(insights).filteredOn(i -> i.id() == InsightId.ROW_ESTIMATE_OFF).extracting(Insight::finding)
                .containsExactly("Seq Scan on a returned 50,000 rows per loop where 50 were estimated (1,000x more)");
    }

    @Test
    void aSmallOrQuickNodeDoesNotMatter() {
        String small = "{\"Plan\": {\"Node Type\": \"Seq Scan\", \"Relation Name\": \"t\", \"Alias\": \"t\","
                + " \"Plan Rows\": 1, \"Actual Rows\": 500, \"Actual Loops\": 1}}";
        assertThat(fired(small)).doesNotContain(InsightId.ROW_ESTIMATE_OFF);
        String quick = """
                {"Plan": {"Node Type": "Append", "Plan Rows": 100000, "Actual Rows": 100000, "Actual Loops": 1,
                  "Actual Total Time": 100.000, "Plans": [
                    {"Node Type": "Seq Scan", "Relation Name": "a", "Alias": "a", "Plan Rows": 1, "Actual Rows": 5000,
                     "Actual Loops": 1, "Actual Total Time": 1.000},
                    {"Node Type": "Seq Scan", "Relation Name": "b", "Alias": "b", "Plan Rows": 95000, "Actual Rows": 95000,
                     "Actual Loops": 1, "Actual Total Time": 99.000}]},
                 "Execution Time": 100.000}""";
        assertThat(fired(quick)).doesNotContain(InsightId.ROW_ESTIMATE_OFF);
    }

    @Test
    void everyRuleHasItsOwnId() {
        assertThat(Insights.rules()).extracting(InsightRule::id).containsExactlyInAnyOrder(InsightId.values());
    }
}
