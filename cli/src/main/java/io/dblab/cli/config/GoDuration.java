package io.dblab.cli.config;

import java.math.BigDecimal;
import java.time.Duration;

/**
 * A duration as Go's {@code time.Duration.String()} writes it ({@code 30s}, {@code 1m30s},
 * {@code 1h0m0s}, {@code 1.5s}, {@code 500ms}): the reference CLI shows the request timeout this way.
 */
final class GoDuration {
    private static final long MILLIS_PER_SECOND = 1000;
    private static final long SECONDS_PER_MINUTE = 60;
    private static final long SECONDS_PER_HOUR = 3600;

    private GoDuration() {}

    static String format(Duration duration) {
        long millis = duration.toMillis();
        if (millis == 0) {
            return "0s";
        }
        if (millis < MILLIS_PER_SECOND) {
            return millis + "ms";
        }
        long seconds = millis / MILLIS_PER_SECOND;
        String fraction = BigDecimal.valueOf(seconds % SECONDS_PER_MINUTE * MILLIS_PER_SECOND + millis % MILLIS_PER_SECOND, 3)
                .stripTrailingZeros().toPlainString() + "s";
        long hours = seconds / SECONDS_PER_HOUR;
        long minutes = seconds % SECONDS_PER_HOUR / SECONDS_PER_MINUTE;
        if (hours > 0) {
            return hours + "h" + minutes + "m" + fraction;
        }
        return minutes > 0 ? minutes + "m" + fraction : fraction;
    }
}
