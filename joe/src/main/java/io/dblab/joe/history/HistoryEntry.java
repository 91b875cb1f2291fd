package io.dblab.joe.history;

import java.time.Instant;

/**
 * One command and Joe's answer to it: what the person typed, and the answer's text, plan and summary,
 * which are metadata that passed the redactor and the guard. Never a result row.
 */
public record HistoryEntry(Instant time, String user, String channel, String command, String typed, String outcome,
                           String text, String plan, String summary) {
    /** Who ran which command when and how it ended, without what they typed or Joe's answer (history turned off). */
    public HistoryEntry metadataOnly() {
        return new HistoryEntry(time, user, channel, command, null, outcome, null, null, null);
    }
}
