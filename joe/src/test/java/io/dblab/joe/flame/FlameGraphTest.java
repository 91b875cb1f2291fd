package io.dblab.joe.flame;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import io.dblab.joe.plan.ExplainPlan;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.IntStream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class FlameGraphTest {
    static final String PLAN = """
            {"Plan": {"Node Type": "Hash Join", "Join Type": "Inner", "Total Cost": 90.00, "Actual Total Time": 10.000,
              "Actual Rows": 5, "Actual Loops": 1, "Plans": [
                {"Node Type": "Seq Scan", "Relation Name": "a<script>alert(1)</script>", "Alias": "x&y", "Total Cost": 50.00,
                 "Actual Total Time": 6.000, "Actual Rows": 5, "Actual Loops": 1},
                {"Node Type": "Hash", "Total Cost": 30.00, "Actual Total Time": 1.000, "Actual Rows": 5, "Actual Loops": 1,
                 "Plans": [{"Node Type": "Index Scan", "Index Name": "b_idx", "Relation Name": "b", "Alias": "b",
                            "Total Cost": 30.00, "Actual Total Time": 0.250, "Actual Rows": 1, "Actual Loops": 4}]}]}}
            """;

    static Document parse(String svg) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        factory.setNamespaceAware(true);
        return factory.newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    }

    static List<Element> frames(Document svg) {
        NodeList groups = svg.getElementsByTagNameNS("http://www.w3.org/2000/svg", "g");
        return IntStream.range(0, groups.getLength()).mapToObj(i -> (Element) groups.item(i))
                .filter(g -> g.getAttribute("class").equals("frame")).toList();
    }

    @Test
    void widthsFollowTimeTimesLoops() {
        List<Frame> frames = FrameLayout.of(ExplainPlan.parse(PLAN));
        assertThat(frames).extracting(Frame::depth).containsExactly(0, 1, 1, 2);
        assertThat(frames.get(0).width()).isEqualTo(1.0);
        assertThat(frames.get(1).width()).isCloseTo(0.6, offset(1e-9));
        assertThat(frames.get(2).start()).isCloseTo(0.6, offset(1e-9));
        assertThat(frames.get(3).weight()).as("0.250 ms per loop, 4 loops").isEqualTo(1.0);
        assertThat(frames.get(3).width()).as("as wide as its parent").isCloseTo(frames.get(2).width(),
                offset(1e-9));
    }

    @Test
    void childrenLargerThanTheirParentAreScaledToFit() {
        String parallel = """
                {"Plan": {"Node Type": "Gather", "Actual Total Time": 10.000, "Actual Rows": 1, "Actual Loops": 1,
                  "Plans": [{"Node Type": "Seq Scan", "Relation Name": "t", "Alias": "t", "Actual Total Time": 9.000,
                             "Actual Rows": 1, "Actual Loops": 3}]}}""";
        List<Frame> frames = FrameLayout.of(ExplainPlan.parse(parallel));
        assertThat(frames.get(1).width()).isEqualTo(1.0);
    }

    @Test
    void aPlanThatDidNotRunIsSizedByCost() {
        String planned = """
                {"Plan": {"Node Type": "Hash Join", "Join Type": "Inner", "Total Cost": 90.00, "Plans": [
                  {"Node Type": "Seq Scan", "Relation Name": "a", "Alias": "a", "Total Cost": 50.00},
                  {"Node Type": "Hash", "Total Cost": 30.00}]}}""";
        List<Frame> frames = FrameLayout.of(ExplainPlan.parse(planned));
        assertThat(frames.get(1).weight()).isEqualTo(50.0);
        assertThat(FlameGraph.svg(ExplainPlan.parse(planned))).contains("Plan: cost 90.00");
    }

    @Test
    void selfContainedEscapedAndOneFramePerNode() throws Exception {
        String svg = FlameGraph.svg(ExplainPlan.parse(PLAN));
        assertThat(svg).doesNotContain("<script", "javascript:", "href", "onload", "x&y");
        assertThat(svg).contains("a&lt;script&gt;alert(1)&lt;/script&gt;", "x&amp;y");
        Document doc = parse(svg);
        assertThat(doc.getDocumentElement().getLocalName()).isEqualTo("svg");
        assertThat(frames(doc)).hasSize(4);
        assertThat(frames(doc).get(3).getElementsByTagNameNS("*", "title").item(0).getTextContent())
                .isEqualTo("Index Scan using b_idx on b: 1.000 ms (10.0%)");
    }

    @Test
    void charactersXmlForbidsAreDropped() {
        assertThat(Xml.escape("a\u0001b\u0000c<")).isEqualTo("abc&lt;");
    }
}
