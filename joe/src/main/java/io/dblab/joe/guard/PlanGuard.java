package io.dblab.joe.guard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.dblab.joe.plan.ExplainPlan;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * A copy of a plan in which every text the server computed passes the {@link OutputGuard}. A plan is
 * not only metadata: the planner folds calls of immutable functions into constants, so a function
 * that reads a table ("immutable" or not) shows what it read as a literal in a filter or an output
 * list; dynamic SQL can name a table or a column after data; and a setting changed with set_config
 * shows its value. The text form, the JSON, the insights and the flame graph are all made from this copy.
 */
public final class PlanGuard {
    /** Fields whose values come from the server's fixed vocabulary (node types, strategies, sort methods). */
    private static final Set<String> SERVER_WORDS = Set.of("Node Type", "Strategy", "Partial Mode", "Parent Relationship",
            "Join Type", "Scan Direction", "Operation", "Sort Method", "Sort Space Type", "Command", "Conflict Resolution");
    /** Fields that hold one name each, judged whole. */
    private static final Set<String> NAME_FIELDS = Set.of("Relation Name", "Schema", "Alias", "Index Name", "CTE Name",
            "Function Name", "Trigger Name", "Constraint Name", "Relation", "Conflict Arbiter Indexes", "Tuplestore Name");
    private static final String SETTINGS = "Settings";

    private final OutputGuard guard;

    public PlanGuard(OutputGuard guard) {
        this.guard = guard;
    }

    public ExplainPlan guard(ExplainPlan plan) {
        ObjectNode json = plan.json();
        List<String> texts = new ArrayList<>();
        collect(json, null, texts);
        Vetting vetting = guard.vet(texts);
        rewrite(json, null, vetting);
        JsonNode settings = json.get(SETTINGS);
        if (settings instanceof ObjectNode s) {
            guardSettings(s);
        }
        return ExplainPlan.of(json);
    }

    private static void collect(JsonNode node, String field, List<String> texts) {
        if (node.isTextual() && !SERVER_WORDS.contains(field)) {
            texts.add(node.textValue());
        } else if (node.isArray()) {
            node.forEach(item -> collect(item, field, texts));
        } else if (node.isObject()) {
            node.fields().forEachRemaining(e -> {
                if (!e.getKey().equals(SETTINGS)) {
                    collect(e.getValue(), e.getKey(), texts);
                }
            });
        }
    }

    private static void rewrite(JsonNode node, String field, Vetting vetting) {
        if (node instanceof ObjectNode object) {
            for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String key = e.getKey();
                if (key.equals(SETTINGS) || SERVER_WORDS.contains(key)) {
                    continue;
                }
                JsonNode value = e.getValue();
                if (value.isTextual()) {
                    e.setValue(TextNode.valueOf(text(key, value.textValue(), vetting)));
                } else {
                    rewrite(value, key, vetting);
                }
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                JsonNode item = array.get(i);
                if (item.isTextual()) {
                    array.set(i, TextNode.valueOf(text(field, item.textValue(), vetting)));
                } else {
                    rewrite(item, field, vetting);
                }
            }
        }
    }

    private static String text(String field, String value, Vetting vetting) {
        UnaryOperator<String> judge = NAME_FIELDS.contains(field) ? vetting::name : v -> vetting.expression(v, Origin.SESSION);
        return judge.apply(value);
    }

    /** A setting's value is shown when the person wrote it or the server has it without them. */
    private void guardSettings(ObjectNode settings) {
        Set<String> names = new java.util.HashSet<>();
        settings.fieldNames().forEachRemaining(names::add);
        Map<String, String> server = guard.catalog().serverSettings(names);
        for (Iterator<Map.Entry<String, JsonNode>> it = settings.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String value = e.getValue().asText();
            if (!value.equals(server.get(e.getKey())) && !guard.written().wrote(value)) {
                e.setValue(TextNode.valueOf(Vetting.REDACTED));
            }
        }
    }
}
