package io.dblab.joe.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dblab.joe.command.Answer;
import io.dblab.joe.insight.Insight;
import io.dblab.joe.plan.BufferAmount;
import io.dblab.joe.plan.PlanSummary;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** An {@link Answer} as the API's JSON: {@code text} always; plan, summary, insights and a flame-graph link where they apply. */
final class AnswerJson {
    private AnswerJson() {
    }

    static Map<String, Object> of(Answer answer, String flameGraphLink, ObjectMapper json) throws java.io.IOException {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("ok", answer.ok());
        out.put("outcome", answer.outcome().name().toLowerCase(Locale.ROOT));
        out.put("command", answer.command());
        out.put("text", answer.shownText());
        out.put("notes", answer.notes());
        if (answer.plan().isPresent()) {
            Map<String, Object> plan = new LinkedHashMap<>();
            plan.put("text", answer.planText().orElse(""));
            plan.put("json", json.readTree(answer.plan().get().toJson()));
            out.put("plan", plan);
        }
        answer.summary().ifPresent(s -> out.put("summary", summary(s)));
        if (answer.plan().isPresent()) {
            out.put("insights", answer.insights().stream().map(AnswerJson::insight).toList());
        }
        if (flameGraphLink != null) {
            out.put("flameGraph", flameGraphLink);
        }
        return out;
    }

    private static Map<String, Object> summary(PlanSummary s) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("text", s.text());
        s.totalTime().ifPresent(t -> out.put("totalTimeMs", t));
        s.planningTime().ifPresent(t -> out.put("planningTimeMs", t));
        s.executionTime().ifPresent(t -> out.put("executionTimeMs", t));
        out.put("ioReadTimeMs", s.ioReadTime());
        out.put("ioWriteTimeMs", s.ioWriteTime());
        s.rows().ifPresent(r -> out.put("rows", r));
        out.put("blockSize", s.blockSize());
        List<Map<String, Object>> buffers = s.buffers().stream().map(AnswerJson::buffer).toList();
        out.put("buffers", buffers);
        return out;
    }

    private static Map<String, Object> buffer(BufferAmount b) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("kind", b.kind().name().toLowerCase(Locale.ROOT));
        out.put("operation", b.operation().name().toLowerCase(Locale.ROOT));
        out.put("blocks", b.blocks());
        out.put("bytes", b.bytes());
        return out;
    }

    private static Map<String, Object> insight(Insight i) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", i.id().name());
        out.put("node", i.node());
        out.put("finding", i.finding());
        out.put("explanation", i.explanation());
        out.put("fix", i.fix());
        return out;
    }
}
