package io.dblab.platform.engines;

import java.time.Instant;

/**
 * An organization's engine as the Platform knows it: reached at {@code url} with a token kept sealed
 * (kind {@code url}), or through the tunnel it dials out on (kind {@code tunnel}, {@code url} null).
 * The token never travels in this record.
 */
public record Engine(long id, long organizationId, String name, Kind kind, String url, Instant createdAt) {
    public enum Kind {
        URL, TUNNEL;

        public String value() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** The hub's name for this engine's tunnel, as the registration key verifier returns it. */
    public String tunnelId() {
        return tunnelId(id);
    }

    public static String tunnelId(long engineId) {
        return Long.toString(engineId);
    }

    /** What the audit log and messages call it. */
    public String label() {
        return name + " (engine " + id + ")";
    }
}
