package io.dblab.joe.command;

import io.dblab.joe.history.AuditLog;
import io.dblab.joe.history.History;
import io.dblab.joe.history.HistoryEntry;
import io.dblab.joe.session.SessionKey;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a person types in chat, from text to answer: the quota, the parser, the command on their
 * session, then history and the audit log (each when turned on), and the command's entry to whoever else
 * keeps one (the Platform: all of it with history on, who-what-when only with history off). None ever
 * holds more than what the person typed and Joe's answer, which is metadata.
 */
public final class ChatCommands {
    private static final Logger LOG = LoggerFactory.getLogger(ChatCommands.class);
    private final CommandRunner runner;
    private final Quota quota;
    private final Optional<History> history;
    private final Optional<AuditLog> audit;
    private final Consumer<HistoryEntry> forward;
    private final Clock clock;

    public ChatCommands(CommandRunner runner, Quota quota, Optional<History> history, Optional<AuditLog> audit,
                        Consumer<HistoryEntry> forward, Clock clock) {
        this.runner = runner;
        this.forward = forward;
        this.quota = quota;
        this.history = history;
        this.audit = audit;
        this.clock = clock;
    }

    public Answer handle(String user, String channel, String typed) {
        Instant started = clock.instant();
        SessionKey key = new SessionKey(user, channel);
        Answer answer;
        if (!quota.admit(user)) {
            answer = Answer.text(verb(typed), Answer.Outcome.REFUSED, quota.refusal());
        } else {
            try {
                answer = runner.run(key, CommandParser.parse(typed));
            } catch (BadCommandException e) {
                answer = Answer.text(verb(typed), Answer.Outcome.FAILED, e.getMessage());
            }
        }
        remember(key, typed, answer, started);
        return answer;
    }

    public Optional<History> history() {
        return history;
    }

    private void remember(SessionKey key, String typed, Answer answer, Instant started) {
        Instant now = clock.instant();
        try {
            HistoryEntry entry = new HistoryEntry(now, key.user(), key.channel(), answer.command(), typed,
                    answer.outcome().name(), answer.text(), answer.planText().orElse(null),
                    answer.summary().map(s -> s.text()).orElse(null));
            if (history.isPresent() && answer.outcome() != Answer.Outcome.REFUSED) {
                history.get().add(entry);
            }
            forward.accept(history.isPresent() ? entry : entry.metadataOnly());
            audit.ifPresent(log -> log.record(new AuditLog.Entry(now, key.user(), key.channel(), answer.command(), typed,
                    answer.outcome().name(), java.time.Duration.between(started, now).toMillis())));
        } catch (RuntimeException e) {
            LOG.error("history or audit log could not be written", e);
        }
    }

    /** The command's first word, for answers to text that is no command. */
    private static String verb(String typed) {
        String text = typed == null ? "" : typed.strip();
        int space = text.indexOf(' ');
        return (space < 0 ? text : text.substring(0, space)).toLowerCase(java.util.Locale.ROOT);
    }
}
