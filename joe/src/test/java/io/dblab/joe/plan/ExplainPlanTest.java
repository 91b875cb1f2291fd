package io.dblab.joe.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ExplainPlanTest {
    static final String JSON = """
            [{"Plan": {"Node Type": "Limit", "Startup Cost": 0.00, "Total Cost": 1.50, "Plan Rows": 10,
                       "Actual Startup Time": 0.010, "Actual Total Time": 0.120, "Actual Rows": 3, "Actual Loops": 2,
                       "Shared Hit Blocks": 7, "Shared Read Blocks": 2, "Temp Written Blocks": 5,
                       "Some Future Field": {"x": [1, 2]},
                       "Plans": [{"Node Type": "Seq Scan", "Relation Name": "t", "Alias": "t", "Startup Cost": 0.00,
                                  "Total Cost": 1.25, "Plan Rows": 12345, "Plan Width": 4,
                                  "Actual Rows": 3, "Actual Loops": 2, "Rows Removed by Filter": 150,
                                  "Shared Hit Blocks": 7, "Shared Read Blocks": 1}]},
              "Settings": {"work_mem": "64kB"},
              "Planning Time": 0.250, "Execution Time": 1.750,
              "JIT": {"Functions": 3, "Timing": {"Generation": 0.5, "Total": 12.000}},
              "Query Identifier": 42}]
            """;

    @Test
    void keepsEveryFieldAndEveryDigit() {
        ExplainPlan plan = ExplainPlan.parse(JSON);
        assertThat(plan.root().json().get("Some Future Field").toString()).isEqualTo("{\"x\":[1,2]}");
        assertThat(plan.json().get("Query Identifier").asInt()).isEqualTo(42);
        assertThat(plan.toJson()).contains("\"Startup Cost\":0.00", "\"Total Cost\":1.50", "\"Planning Time\":0.250");
        assertThat(ExplainPlan.parse(plan.toJson()).toJson()).isEqualTo(plan.toJson());
    }

    @Test
    void typedAccessors() {
        ExplainPlan plan = ExplainPlan.parse(JSON);
        PlanNode limit = plan.root();
        PlanNode scan = limit.children().get(0);
        assertThat(limit.nodeType()).isEqualTo("Limit");
        assertThat(limit.actualRowsAllLoops()).isEqualTo(6);
        assertThat(limit.inclusiveTime()).hasValue(0.240);
        assertThat(limit.buffers().sharedHitAndRead()).isEqualTo(9);
        assertThat(limit.buffers().minus(scan.buffers()).sharedRead()).isEqualTo(1);
        assertThat(scan.relationName()).hasValue("t");
        assertThat(scan.rowsRemovedByFilter()).isEqualTo(150);
        assertThat(scan.label()).isEqualTo("Seq Scan on t");
        assertThat(plan.nodes()).containsExactly(limit, scan);
        assertThat(plan.analyzed()).isTrue();
        assertThat(plan.settings()).containsEntry("work_mem", "64kB");
        assertThat(plan.jitTime()).hasValue(12.0);
        assertThat(plan.planningTime()).hasValue(0.25);
    }

    @Test
    void acceptsTheObjectWithoutItsArray() {
        assertThat(ExplainPlan.parse("{\"Plan\": {\"Node Type\": \"Result\"}}").root().nodeType()).isEqualTo("Result");
    }

    @Test
    void rejectsWhatIsNotAPlan() {
        assertThatThrownBy(() -> ExplainPlan.parse("[{\"QUERY PLAN\": 1}]")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ExplainPlan.parse("Seq Scan on t")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void strictModeRoundsEveryRowCountToOneFigure() {
        ExplainPlan strict = StrictMode.roundRowCounts(ExplainPlan.parse(JSON));
        PlanNode scan = strict.root().children().get(0);
        assertThat(scan.planRows()).isEqualTo(10000);
        assertThat(scan.rowsRemovedByFilter()).isEqualTo(200);
        assertThat(strict.toJson()).doesNotContain("12345").contains("\"Total Cost\":1.50");
        assertThat(TextRenderer.render(strict)).contains("rows=10000", "Rows Removed by Filter: 200").doesNotContain("12345");
        assertThat(ExplainPlan.parse(JSON).root().children().get(0).planRows()).as("the original stays").isEqualTo(12345);
    }

    @Test
    void oneSignificantFigure() {
        assertThat(StrictMode.oneSignificantFigure(0)).isZero();
        assertThat(StrictMode.oneSignificantFigure(7)).isEqualTo(7);
        assertThat(StrictMode.oneSignificantFigure(12)).isEqualTo(10);
        assertThat(StrictMode.oneSignificantFigure(15)).isEqualTo(20);
        assertThat(StrictMode.oneSignificantFigure(149)).isEqualTo(100);
        assertThat(StrictMode.oneSignificantFigure(951)).isEqualTo(1000);
        assertThat(StrictMode.oneSignificantFigure(123456789)).isEqualTo(100000000);
    }

    @Test
    void summaryInBlocksAndBytes() {
        PlanSummary summary = PlanSummary.of(ExplainPlan.parse(JSON), 8192);
        assertThat(summary.totalTime()).hasValue(2.0);
        assertThat(summary.buffer(BufferKind.SHARED, BufferOperation.HIT))
                .isEqualTo(new BufferAmount(BufferKind.SHARED, BufferOperation.HIT, 7, 7 * 8192));
        assertThat(summary.buffer(BufferKind.TEMP, BufferOperation.WRITTEN).bytes()).isEqualTo(5 * 8192);
        assertThat(summary.rows()).hasValue(6);
        assertThat(summary.text()).contains("Time: 2.000 ms (planning 0.250 ms, execution 1.750 ms)",
                "shared: hit 7 (56.0 KiB), read 2 (16.0 KiB)", "temp: read 0 (0 B), written 5 (40.0 KiB)");
        assertThat(PlanSummary.bytes(1536L * 1024 * 1024)).isEqualTo("1.5 GiB");
        assertThat(PlanSummary.of(ExplainPlan.parse(JSON), 32768).buffer(BufferKind.SHARED, BufferOperation.READ).bytes())
                .isEqualTo(2 * 32768);
    }
}
