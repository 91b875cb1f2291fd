package io.dblab.serverkit.config;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations written the way the reference CLI takes them ({@code 30s}, {@code 1m30s}, {@code 500ms}; {@code d} for days as well),
 * so that existing scripts and cli.yml values keep working.
 */
public final class Durations {
    private static final Pattern WHOLE = Pattern.compile("(\\d+(\\.\\d+)?(ms|s|m|h|d))+");
    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h|d)");

    private Durations() {}

    /** Parses a positive duration; the message of the exception says what a valid one looks like. */
    public static Duration parse(String text) {
        String trimmed = text == null ? "" : text.trim();
        if (!WHOLE.matcher(trimmed).matches()) {
            throw new IllegalArgumentException("invalid duration '" + text + "': use a number with a unit, like 30s, 2m or 500ms");
        }
        double millis = 0;
        Matcher part = PART.matcher(trimmed);
        while (part.find()) {
            millis += Double.parseDouble(part.group(1)) * millisPerUnit(part.group(2));
        }
        Duration duration = Duration.ofMillis(Math.round(millis));
        if (duration.isZero()) {
            throw new IllegalArgumentException("invalid duration '" + text + "': it must be at least 1ms");
        }
        return duration;
    }

    /** The shortest form {@link #parse} reads back to the same value. */
    public static String format(Duration duration) {
        long millis = duration.toMillis();
        return millis % 1000 == 0 ? millis / 1000 + "s" : millis + "ms";
    }

    private static long millisPerUnit(String unit) {
        return switch (unit) {
            case "ms" -> 1;
            case "s" -> 1_000;
            case "m" -> 60_000;
            case "h" -> 3_600_000;
            case "d" -> 86_400_000;
            default -> throw new IllegalStateException("unit not covered by the pattern: " + unit);
        };
    }
}
