package io.dblab.joe.plan;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The lines after the plan tree: settings, planning buffers and time, triggers, JIT, execution time. */
final class SummaryLines {
    private SummaryLines() {
    }

    static void write(TextOut out, String name, JsonNode value) {
        switch (name) {
            case "Settings" -> settings(value).forEach(out::line);
            case "Planning" -> planning(out, value);
            case "Planning Time", "Execution Time" -> out.line(name + ": " + PlanJson.digits(value) + " ms");
            case "Triggers" -> triggers(value).forEach(out::line);
            case "JIT" -> jit(value).forEach(out::line);
            default -> {
                if (value.isValueNode()) {
                    out.line(name + ": " + FieldLines.scalar(value));
                }
            }
        }
    }

    /** "Settings: work_mem = '64kB', jit = 'off'"; nothing when no setting differs from its default. */
    private static List<String> settings(JsonNode settings) {
        List<String> pairs = new ArrayList<>();
        settings.fields().forEachRemaining(e -> pairs.add(e.getKey() + " = '" + e.getValue().asText() + "'"));
        return pairs.isEmpty() ? List.of() : List.of("Settings: " + String.join(", ", pairs));
    }

    private static void planning(TextOut out, JsonNode planning) {
        List<String> lines = new ArrayList<>(BufferLines.buffers(planning));
        lines.addAll(BufferLines.ioTimings(planning));
        if (lines.isEmpty()) {
            return;
        }
        out.line("Planning:");
        out.indent(out.indent() + 1);
        lines.forEach(out::line);
        out.indent(out.indent() - 1);
    }

    /**
     * "Trigger RI_ConstraintTrigger_c_16401 for constraint orders_customer_id_fkey: time=0.213 calls=1". PostgreSQL names the
     * relation when the statement touched more than one; the JSON does not say that, so the relation
     * is named when the triggers belong to more than one.
     */
    private static List<String> triggers(JsonNode triggers) {
        Set<String> relations = new HashSet<>();
        triggers.forEach(t -> relations.add(t.path("Relation").asText()));
        List<String> lines = new ArrayList<>();
        for (JsonNode t : triggers) {
            StringBuilder line = new StringBuilder("Trigger ").append(t.path("Trigger Name").asText());
            if (t.has("Constraint Name")) {
                line.append(" for constraint ").append(t.get("Constraint Name").asText());
            }
            if (relations.size() > 1) {
                line.append(" on ").append(t.path("Relation").asText());
            }
            line.append(": ");
            if (t.has("Time")) {
                line.append("time=").append(PlanJson.digits(t.get("Time"))).append(' ');
            }
            lines.add(line.append("calls=").append(FieldGroup.digits(t, "Calls")).toString());
        }
        return lines;
    }

    /** "JIT:" and its lines one level deeper, for the whole statement or for one parallel worker. */
    static List<String> jit(JsonNode jit) {
        List<String> lines = new ArrayList<>();
        lines.add("JIT:");
        lines.add("  Functions: " + FieldGroup.digits(jit, "Functions"));
        JsonNode options = jit.path("Options");
        lines.add("  Options: Inlining " + options.path("Inlining").asBoolean() + ", Optimization "
                + options.path("Optimization").asBoolean() + ", Expressions " + options.path("Expressions").asBoolean()
                + ", Deforming " + options.path("Deforming").asBoolean());
        JsonNode timing = jit.get("Timing");
        if (timing != null) {
            List<String> parts = new ArrayList<>();
            timing.fields().forEachRemaining(e -> parts.add(e.getKey() + " " + PlanJson.digits(total(e.getValue())) + " ms"));
            lines.add("  Timing: " + String.join(", ", parts));
        }
        return lines;
    }

    /** PostgreSQL 17 splits "Generation" into parts with a "Total"; earlier versions give one number. */
    private static JsonNode total(JsonNode timing) {
        return timing.isObject() ? timing.path("Total") : timing;
    }
}
