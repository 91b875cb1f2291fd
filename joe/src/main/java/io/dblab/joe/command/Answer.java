package io.dblab.joe.command;

import io.dblab.joe.insight.Insight;
import io.dblab.joe.plan.ExplainPlan;
import io.dblab.joe.plan.PlanSummary;
import java.util.List;
import java.util.Optional;

/**
 * Joe's answer to one command: always metadata, never a result row. {@code text} is what chat shows;
 * the plan, its summary, insights and flame graph come with explain and plan. Everything in it has
 * passed the redactor and the output guard.
 */
public record Answer(String command, Outcome outcome, String text, List<String> notes, Optional<ExplainPlan> plan,
                     Optional<String> planText, Optional<PlanSummary> summary, List<Insight> insights,
                     Optional<String> flameGraphSvg) {
    public enum Outcome {
        /** The command did what was asked. */
        OK,
        /** The command ran and failed: an SQL error, a statement timeout, an unknown command. */
        FAILED,
        /** The command was not run: over the quota. */
        REFUSED,
        /** Joe could not get the session's clone ready. */
        UNAVAILABLE
    }

    public Answer {
        notes = List.copyOf(notes);
        insights = List.copyOf(insights);
    }

    public static Answer text(String command, Outcome outcome, String text) {
        return new Answer(command, outcome, text, List.of(), Optional.empty(), Optional.empty(), Optional.empty(),
                List.of(), Optional.empty());
    }

    public Answer withNotes(List<String> moreNotes) {
        if (moreNotes.isEmpty()) {
            return this;
        }
        List<String> all = new java.util.ArrayList<>(moreNotes);
        all.addAll(notes);
        return new Answer(command, outcome, text, all, plan, planText, summary, insights, flameGraphSvg);
    }

    /** What a chat shows: the notes (what happened to the session) first, then the text. */
    public String shownText() {
        return notes.isEmpty() ? text : String.join("\n", notes) + "\n\n" + text;
    }

    public boolean ok() {
        return outcome == Outcome.OK;
    }
}
