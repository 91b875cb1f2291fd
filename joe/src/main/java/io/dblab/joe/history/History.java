package io.dblab.joe.history;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Each person's history per channel ({@code history.jsonl} in Joe's state directory); entries expire after the retention. */
public final class History {
    private final JsonLines<HistoryEntry> lines;
    private final Duration retention;
    private final Clock clock;

    public History(Path file, Duration retention, Clock clock) {
        this.lines = new JsonLines<>(file, HistoryEntry.class);
        this.retention = retention;
        this.clock = clock;
    }

    public void add(HistoryEntry entry) {
        lines.append(entry);
    }

    /** The person's entries in the channel, oldest first; expired entries of everyone are deleted on the way. */
    public synchronized List<HistoryEntry> of(String user, String channel) {
        List<HistoryEntry> kept = unexpired();
        return kept.stream().filter(e -> e.user().equals(user) && e.channel().equals(channel)).toList();
    }

    /** Deletes the person's entries, in one channel or in all; returns how many. */
    public synchronized int clear(String user, Optional<String> channel) {
        List<HistoryEntry> all = unexpired();
        List<HistoryEntry> kept = all.stream()
                .filter(e -> !(e.user().equals(user) && channel.map(c -> c.equals(e.channel())).orElse(true))).toList();
        lines.replace(kept);
        return all.size() - kept.size();
    }

    private List<HistoryEntry> unexpired() {
        Instant oldest = clock.instant().minus(retention);
        List<HistoryEntry> all = lines.readAll();
        List<HistoryEntry> kept = all.stream().filter(e -> e.time().isAfter(oldest)).toList();
        if (kept.size() != all.size()) {
            lines.replace(kept);
        }
        return kept;
    }
}
