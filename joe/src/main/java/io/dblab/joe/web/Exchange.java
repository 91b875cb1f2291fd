package io.dblab.joe.web;

import io.dblab.joe.command.Answer;
import io.dblab.joe.insight.Insight;
import java.util.List;
import java.util.Locale;

/** One command and its answer as the page shows it; the template escapes every string. */
public record Exchange(String user, String channel, String typed, String outcome, String text, List<Insight> insights,
                       String flameGraphUrl) {
    static Exchange of(String user, String channel, String typed, Answer answer, String flameGraphUrl) {
        return new Exchange(user, channel, typed, answer.outcome().name().toLowerCase(Locale.ROOT), answer.shownText(),
                answer.insights(),
                flameGraphUrl);
    }
}
