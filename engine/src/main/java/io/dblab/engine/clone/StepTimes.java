package io.dblab.engine.clone;

import java.util.StringJoiner;
import java.util.concurrent.TimeUnit;

/**
 * Where a clone's creation or reset spent its time, step by step, for its log line: an operator
 * (and the benchmarks, which read the engine's log) can tell a slow copy from a slow start.
 */
final class StepTimes {
    private final StringJoiner steps = new StringJoiner(", ");
    private long last;

    /** {@code since}: {@link System#nanoTime} when the first step began. */
    StepTimes(long since) {
        this.last = since;
    }

    /** Ends the step under way, named {@code step}, and begins the next. */
    void end(String step) {
        long now = System.nanoTime();
        steps.add(step + " " + TimeUnit.NANOSECONDS.toMillis(now - last) + " ms");
        last = now;
    }

    @Override
    public String toString() {
        return steps.toString();
    }
}
