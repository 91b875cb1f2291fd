package io.dblab.joe.history;

import java.nio.file.Path;
import java.time.Instant;

/** Who ran which command when, and how it ended: JSON lines, appended to, never rewritten. */
public final class AuditLog {
    private final JsonLines<Entry> lines;

    public AuditLog(Path file) {
        this.lines = new JsonLines<>(file, Entry.class);
    }

    public void record(Entry entry) {
        lines.append(entry);
    }

    /** {@code typed} is what the person typed; no answer text is kept here. */
    public record Entry(Instant time, String user, String channel, String command, String typed, String outcome,
                        long durationMs) {
    }
}
