package io.dblab.joe.command;

import io.dblab.joe.explain.BlockSize;
import io.dblab.joe.explain.ExplainResult;
import io.dblab.joe.explain.ExplainRunner;
import io.dblab.joe.flame.FlameGraph;
import io.dblab.joe.guard.PlanGuard;
import io.dblab.joe.insight.Insight;
import io.dblab.joe.insight.Insights;
import io.dblab.joe.plan.ExplainPlan;
import io.dblab.joe.plan.PlanSummary;
import io.dblab.joe.plan.StrictMode;
import io.dblab.joe.plan.TextRenderer;
import io.dblab.joe.redact.RedactedSqlException;
import io.dblab.joe.session.Session;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code explain} and {@code plan}: the person's statement under EXPLAIN on their clone, rolled back;
 * the plan passes the guard (and strict mode's rounding) before anything is made from it.
 */
final class ExplainCommand {
    private final CommandSettings settings;
    private final ExplainRunner runner;

    ExplainCommand(CommandSettings settings) {
        this.settings = settings;
        this.runner = new ExplainRunner(settings.statementTimeout());
    }

    Answer run(Command.Explain command, Session session) throws SQLException {
        session.written().add(command.sql());
        ExplainResult result;
        try {
            result = command.analyze() ? runner.explain(session.user(), command.sql()) : runner.plan(session.user(), command.sql());
        } catch (RedactedSqlException e) {
            return Answer.text(command.verb(), Answer.Outcome.FAILED, Failures.text(e.error(), session, settings.statementTimeout()));
        }
        ExplainPlan plan = new PlanGuard(session.guard()).guard(result.plan());
        if (settings.strictMode()) {
            plan = StrictMode.roundRowCounts(plan);
        }
        String planText = TextRenderer.render(plan);
        // from Joe's connection: on the person's, a function of theirs could stand in for current_setting
        PlanSummary summary = PlanSummary.of(plan, BlockSize.of(session.management()));
        List<Insight> insights = command.analyze() ? Insights.of(plan, settings.thresholds()) : List.of();
        StringBuilder text = new StringBuilder(planText).append("\n\n").append(summary.text());
        if (!insights.isEmpty()) {
            text.append("\n\nInsights:");
            insights.forEach(i -> text.append("\n- ").append(i.id()).append(": ").append(i.finding()).append(" Fix: ")
                    .append(i.fix()));
        }
        List<String> notices = NoticeLines.of(result.notices(), session);
        if (!notices.isEmpty()) {
            text.append("\n\n").append(String.join("\n", notices));
        }
        return new Answer(command.verb(), Answer.Outcome.OK, text.toString(), new ArrayList<>(), Optional.of(plan),
                Optional.of(planText), Optional.of(summary), insights, Optional.of(FlameGraph.svg(plan)));
    }
}
