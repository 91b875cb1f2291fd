package io.dblab.engine.pool;

import io.dblab.engine.schedule.Alerts;
import io.dblab.engine.schedule.BackgroundTask;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last measurement of a pool's copies, reused for a short while: {@code /status} asks for the
 * size of every clone and snapshot, and measuring means running commands (or walking files).
 * Measuring goes through a {@link BackgroundTask}: when it fails, the failure is logged and alerted
 * ({@code space_metering_failed_<pool>}), the last figures (none before the first success) keep being
 * served, so that {@code /status} and {@code /metrics} still answer, and the measurement is tried
 * again once they are {@code maxAge} old; the alert clears when a measurement succeeds.
 */
final class UsageCache {
    private static final Logger LOG = LoggerFactory.getLogger(UsageCache.class);
    /** Until the engine attaches its alerts (after opening the pools), the log line is all there is. */
    private static final Alerts UNATTACHED = new Alerts() {
        @Override
        public void alert(String type, String level, String message) {
        }

        @Override
        public void clearAlert(String type) {
        }
    };
    private final String poolName;
    private final Supplier<Map<Path, SpaceUsage>> measureAll;
    private final long maxAgeNanos;
    /** Bumped whenever copies are made or deleted; a measurement from an older generation is stale. */
    private final AtomicLong generation = new AtomicLong();
    private volatile BackgroundTask metering;
    private Measurement last;

    private record Measurement(Map<Path, SpaceUsage> usage, long takenAt, long generation) {}

    UsageCache(String poolName, Supplier<Map<Path, SpaceUsage>> measureAll, Duration maxAge) {
        this.poolName = poolName;
        this.measureAll = measureAll;
        this.maxAgeNanos = maxAge.toNanos();
        this.metering = task(UNATTACHED);
    }

    /** From now on, failed measurements raise an alert there. */
    void reportTo(Alerts alerts) {
        metering = task(alerts);
    }

    /** One caller measures while the others wait for its result rather than measuring again. */
    synchronized Map<Path, SpaceUsage> all() {
        // read before measuring: a copy made during the measurement may be missing from it
        long current = generation.get();
        if (last == null || last.generation() != current || System.nanoTime() - last.takenAt() > maxAgeNanos) {
            AtomicReference<Map<Path, SpaceUsage>> measured = new AtomicReference<>(last == null ? Map.of() : last.usage());
            if (!metering.run(() -> measured.set(Map.copyOf(measureAll.get())))) {
                LOG.debug("pool {}: serving the previous space figures", poolName);
            }
            // after a failure the previous figures stand for maxAge too, so a failing command is not run per request
            last = new Measurement(measured.get(), System.nanoTime(), current);
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

    private BackgroundTask task(Alerts alerts) {
        return new BackgroundTask("Space metering of pool " + poolName, "space_metering_failed_" + poolName, alerts);
    }
}
