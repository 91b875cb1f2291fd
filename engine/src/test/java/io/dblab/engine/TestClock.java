package io.dblab.engine;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;

/**
 * The clock an {@link EngineFixture}'s engine times clone activity by: real time until a test
 * freezes it, then the frozen instant, which only the test moves on. A test thus lets a clone's
 * idle time pass in a moment, and knows to the millisecond how idle each clone is.
 */
public final class TestClock implements InstantSource {
    /** Null while the clock follows real time. */
    private volatile Instant frozenAt;

    @Override
    public Instant instant() {
        Instant frozen = frozenAt;
        return frozen == null ? Instant.now() : frozen;
    }

    /** Stops the clock at the current real time. */
    public synchronized void freeze() {
        frozenAt = Instant.now();
    }

    /** Moves the frozen clock on by {@code amount}. */
    public synchronized void advance(Duration amount) {
        if (frozenAt == null) {
            throw new IllegalStateException("freeze the clock before moving it");
        }
        frozenAt = frozenAt.plus(amount);
    }
}
