package io.dblab.joe.flame;

import static org.assertj.core.api.Assertions.assertThat;

import io.dblab.joe.explain.ExplainRunner;
import io.dblab.joe.plan.ExplainPlan;
import io.dblab.joe.testing.Db;
import io.dblab.testkit.TestPostgres;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/** The flame graph of a real plan is well-formed XML with one frame per node, each titled by its node. */
class FlameGraphServerTest {
    @Test
    void realPlan() throws Exception {
        try (TestPostgres pg = TestPostgres.start(Map.of());
             Connection conn = setUp(pg)) {
            ExplainPlan plan = new ExplainRunner(Duration.ofMinutes(1)).explain(conn, """
                    WITH recent AS MATERIALIZED (SELECT * FROM "Orders & Co" WHERE id > 900)
                    SELECT c.id, (SELECT count(*) FROM "Orders & Co" o WHERE o.customer = c.id)
                    FROM customers c JOIN recent r ON r.customer = c.id ORDER BY 2 DESC""").plan();
            assertThat(plan.nodes().size()).isGreaterThanOrEqualTo(6);
            Document svg = FlameGraphTest.parse(FlameGraph.svg(plan));
            List<Element> frames = FlameGraphTest.frames(svg);
            assertThat(frames).hasSize(plan.nodes().size());
            for (int i = 0; i < frames.size(); i++) {
                assertThat(frames.get(i).getElementsByTagNameNS("*", "title").item(0).getTextContent())
                        .startsWith(plan.nodes().get(i).label() + ": ");
            }
            assertThat(svg.getElementsByTagNameNS("*", "script").getLength()).isZero();
        }
    }

    private static Connection setUp(TestPostgres pg) throws Exception {
        pg.psql().run("postgres", """
                CREATE TABLE customers (id int PRIMARY KEY);
                INSERT INTO customers SELECT generate_series(1, 200);
                CREATE TABLE "Orders & Co" (id int PRIMARY KEY, customer int);
                INSERT INTO "Orders & Co" SELECT g, 1 + g % 200 FROM generate_series(1, 1000) g;
                VACUUM ANALYZE;
                """);
        return Db.connect(pg, "postgres");
    }
}
