package io.dblab.joe.platform;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with jitter: each failure doubles the delay up to the maximum, and a random fifth
 * of it is taken off, so that many Joes whose Platform comes back do not all knock at the same moment.
 */
final class RetryDelay {
    private final Duration first;
    private final Duration max;
    private Duration current;

    RetryDelay(Duration first, Duration max) {
        this.first = first;
        this.max = max;
        this.current = first;
    }

    Duration next() {
        Duration delay = current;
        current = current.multipliedBy(2).compareTo(max) > 0 ? max : current.multipliedBy(2);
        long jitter = ThreadLocalRandom.current().nextLong(delay.toMillis() / 5 + 1);
        return delay.minusMillis(jitter);
    }

    void reset() {
        current = first;
    }
}
