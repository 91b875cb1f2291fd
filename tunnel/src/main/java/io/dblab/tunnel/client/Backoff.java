package io.dblab.tunnel.client;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with full jitter: the n-th retry in a row waits a random time between zero
 * and min(cap, initial × 2ⁿ). The randomness spreads the reconnects of many engines after a
 * Platform restart, so they do not all arrive in the same instant.
 */
public final class Backoff {
    /** 2^30 times any sensible initial delay is beyond every cap. */
    private static final int MAX_DOUBLINGS = 30;

    private final Duration initial;
    private final Duration cap;
    private final RandomGenerator random;

    public Backoff(Duration initial, Duration cap, RandomGenerator random) {
        if (initial.isNegative() || initial.isZero() || cap.compareTo(initial) < 0) {
            throw new IllegalArgumentException("backoff needs 0 < initial (" + initial + ") <= cap (" + cap + ")");
        }
        this.initial = initial;
        this.cap = cap;
        this.random = random;
    }

    /** The longest wait before retry number {@code attempt} (0 for the first). */
    public Duration ceiling(int attempt) {
        int doublings = Math.min(Math.max(attempt, 0), MAX_DOUBLINGS);
        long millis = initial.toMillis() << doublings;
        return millis > cap.toMillis() || millis <= 0 ? cap : Duration.ofMillis(millis);
    }

    /** A random wait before retry number {@code attempt}, between zero and its ceiling. */
    public Duration delay(int attempt) {
        return Duration.ofMillis(random.nextLong(ceiling(attempt).toMillis() + 1));
    }
}
