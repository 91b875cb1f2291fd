package io.dblab.engine.pool;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The last measurement of a pool's copies, reused for a short while: {@code /status} asks for the
 * size of every clone and snapshot, and measuring means running commands (or walking files).
 */
final class UsageCache {
    private final Supplier<Map<Path, SpaceUsage>> measureAll;
    private final long maxAgeNanos;
    /** Bumped whenever copies are made or deleted; a measurement from an older generation is stale. */
    private final AtomicLong generation = new AtomicLong();
    private Measurement last;

    private record Measurement(Map<Path, SpaceUsage> usage, long takenAt, long generation) {}

    UsageCache(Supplier<Map<Path, SpaceUsage>> measureAll, Duration maxAge) {
        this.measureAll = measureAll;
        this.maxAgeNanos = maxAge.toNanos();
    }

    /** One caller measures while the others wait for its result rather than measuring again. */
    synchronized Map<Path, SpaceUsage> all() {
        // read before measuring: a copy made during the measurement may be missing from it
        long current = generation.get();
        if (last == null || last.generation() != current || System.nanoTime() - last.takenAt() > maxAgeNanos) {
            last = new Measurement(Map.copyOf(measureAll.get()), System.nanoTime(), current);
        }
        return last.usage();
    }

    SpaceUsage of(Path copy) {
        return all().getOrDefault(copy, SpaceUsage.NONE);
    }

    /** Not synchronized, so that making or deleting a copy never waits for a measurement. */
    void invalidate() {
        generation.incrementAndGet();
    }
}
