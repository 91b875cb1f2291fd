package io.dblab.client.model;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Times in the API: RFC 3339 in UTC to the second, as the reference sends them (no fractions). */
public final class ApiTime {
    private ApiTime() {}

    /** The time, or {@code ""} when unset (the reference's zero time). */
    public static String format(Instant instant) {
        return instant == null ? "" : instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    /** The time, or null when unset: for the fields the reference sends as {@code null} or leaves out. */
    public static String formatOrNull(Instant instant) {
        return instant == null ? null : format(instant);
    }
}
