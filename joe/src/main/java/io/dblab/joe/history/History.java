package io.dblab.joe.history;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Each person's history per channel ({@code history.jsonl} in Joe's state directory). Entries expire
 * after the retention: they are deleted on every read and by a background sweep, so that an entry no
 * one reads again is not kept on disk for longer either.
 */
public final class History implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(History.class);
    private static final Duration LONGEST_SWEEP_INTERVAL = Duration.ofHours(1);
    private static final Duration SHORTEST_SWEEP_INTERVAL = Duration.ofSeconds(1);
    private final JsonLines<HistoryEntry> lines;
    private final Duration retention;
    private final Clock clock;
    private final ScheduledExecutorService sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "joe-history-expiry");
        t.setDaemon(true);
        return t;
    });

    public History(Path file, Duration retention, Clock clock) {
        this.lines = new JsonLines<>(file, HistoryEntry.class);
        this.retention = retention;
        this.clock = clock;
    }

    /**
     * Starts deleting expired entries in the background, every quarter of the retention (at least
     * every hour, at most every second), so that an entry outlives its retention by that much at most.
     */
    public History start() {
        long every = Math.max(SHORTEST_SWEEP_INTERVAL.toMillis(),
                Math.min(retention.toMillis() / 4, LONGEST_SWEEP_INTERVAL.toMillis()));
        sweeper.scheduleWithFixedDelay(this::expireLogged, 0, every, TimeUnit.MILLISECONDS);
        return this;
    }

    /** Synchronized with the rewrites below, so that an entry appended meanwhile is never lost. */
    public synchronized void add(HistoryEntry entry) {
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

    /** Deletes everyone's entries; returns how many. */
    public synchronized int clearAll() {
        int count = unexpired().size();
        lines.replace(List.of());
        return count;
    }

    /** Deletes the entries older than the retention now; the background sweep calls it on its own schedule. */
    public synchronized void expire() {
        unexpired();
    }

    /** Stops the background sweep. */
    @Override
    public void close() {
        sweeper.shutdownNow();
    }

    private void expireLogged() {
        try {
            expire();
        } catch (RuntimeException e) {
            LOG.error("expired history entries could not be deleted; the sweep runs again on schedule", e);
        }
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
