package io.dblab.joe.plan;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Renders an EXPLAIN (FORMAT JSON) result as PostgreSQL's own FORMAT TEXT prints it: the same node
 * lines with "->", costs, actuals, detail lines and summary lines, so that people read the plan they know.
 */
public final class TextRenderer {
    private TextRenderer() {
    }

    public static String render(ExplainPlan plan) {
        // VERBOSE adds "Output" (and a schema to relations) to nodes; it also decides "Inner Unique"
        boolean verbose = plan.nodes().stream().anyMatch(n -> n.has("Output") || n.has("Schema"));
        TextOut out = new TextOut();
        FieldLines fieldLines = new FieldLines(verbose);
        for (Iterator<Map.Entry<String, JsonNode>> it = plan.json().fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (field.getKey().equals("Plan")) {
                node(out, fieldLines, plan.root());
            } else {
                SummaryLines.write(out, field.getKey(), field.getValue());
            }
        }
        return out.text();
    }

    /** One node and its children, with the indentation of PostgreSQL's ExplainNode(). */
    private static void node(TextOut out, FieldLines fieldLines, PlanNode node) {
        int saved = out.indent();
        node.subplanName().ifPresent(name -> {
            out.line(name);
            out.indent(out.indent() + 1);
        });
        if (out.indent() > 0) {
            out.indentText().append("->  ");
            out.indent(out.indent() + 2);
        }
        out.append(NodeTitle.line(node)).append("\n");
        out.indent(out.indent() + 1);
        fieldLines.of(node.json()).forEach(out::line);
        JsonNode workers = node.json().get("Workers");
        if (workers != null) {
            workers.forEach(worker -> worker(out, fieldLines, worker));
        }
        node.children().forEach(child -> node(out, fieldLines, child));
        out.indent(saved);
    }

    /** "Worker 0:  actual time=..." and that worker's further lines one level deeper. */
    private static void worker(TextOut out, FieldLines fieldLines, JsonNode worker) {
        List<String> lines = fieldLines.of(worker);
        if (worker.has("Actual Loops")) {
            lines = concat(NodeTitle.actuals(worker, false), lines);
        }
        if (lines.isEmpty()) {
            return;
        }
        out.line("Worker " + worker.path("Worker Number").asText() + ":  " + lines.get(0));
        out.indent(out.indent() + 1);
        lines.subList(1, lines.size()).forEach(out::line);
        out.indent(out.indent() - 1);
    }

    private static List<String> concat(String first, List<String> rest) {
        List<String> all = new ArrayList<>(rest.size() + 1);
        all.add(first);
        all.addAll(rest);
        return all;
    }
}
