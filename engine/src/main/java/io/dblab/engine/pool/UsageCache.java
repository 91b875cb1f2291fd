package io.dblab.engine.pool;

import io.dblab.engine.schedule.Alerts;
import io.dblab.engine.schedule.BackgroundTask;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The last measurement of a pool's copies. Measuring runs commands (a file system sync and btrfs
 * listings, or a walk over the files) whose cost grows with the number of copies, so requests never
 * wait for one: {@link #recent} answers from the last measurement at once and, when that is older
 * than the maximum age, or than a change to the copies and the minimum interval, has a new one taken
 * in the background. The minimum interval bounds the cost while copies are made one after another:
 * with hundreds of clones a measurement per clone made would cost each new clone more than the last.
 * A measurement that takes long spaces the next ones further apart: both bounds are at least
 * {@value #SPACING} times the last measurement's duration, so metering takes at most about a tenth of
 * a CPU however many copies there are ({@code btrfs filesystem du} over 500 clones takes about 9 s of
 * CPU; the figures are then up to a minute and a half old).
 * {@link #fresh} measures in the caller's thread, for those that need the sizes as they are now.
 * The background measurement goes through a {@link BackgroundTask}: a failure is logged and alerted
 * ({@code space_metering_failed_<pool>}), the last figures keep being served and the measurement is
 * tried again once they are {@code maxAge} old; the alert clears when a measurement succeeds.
 */
final class UsageCache {
    /** How many times its own duration a measurement's figures stand before the next one. */
    static final int SPACING = 10;
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
    private final long minIntervalNanos;
    private final LongSupplier clock;
    /** Bumped whenever copies are made or deleted; a measurement from an older generation is stale. */
    private final AtomicLong generation = new AtomicLong();
    private final AtomicBoolean measuringInBackground = new AtomicBoolean();
    /** While the pool is closed no background measurement starts: one could keep its file system busy. */
    private volatile boolean stopped = true;
    private volatile Measurement last;
    private volatile BackgroundTask metering;

    /** {@code took}: nanoseconds the measurement ran, which spaces out the next one. */
    private record Measurement(Map<Path, SpaceUsage> usage, long takenAt, long took, long generation) {}

    UsageCache(String poolName, Supplier<Map<Path, SpaceUsage>> measureAll, Duration maxAge, Duration minInterval) {
        this(poolName, measureAll, maxAge, minInterval, System::nanoTime);
    }

    /** {@code clock}: nanoseconds, as {@link System#nanoTime}. */
    UsageCache(String poolName, Supplier<Map<Path, SpaceUsage>> measureAll, Duration maxAge, Duration minInterval,
               LongSupplier clock) {
        this.poolName = poolName;
        this.measureAll = measureAll;
        this.maxAgeNanos = maxAge.toNanos();
        this.minIntervalNanos = minInterval.toNanos();
        this.clock = clock;
        this.metering = task(UNATTACHED);
    }

    /** From now on, failed background measurements raise an alert there. */
    void reportTo(Alerts alerts) {
        metering = task(alerts);
    }

    /** The last measurement without waiting (empty before the first); a stale one is renewed in the background. */
    Map<Path, SpaceUsage> recent() {
        Measurement current = last;
        if (!stopped && (current == null || isStale(current))) {
            renewInBackground();
        }
        return current == null ? Map.of() : current.usage();
    }

    /** Measures now, in this thread. */
    synchronized Map<Path, SpaceUsage> fresh() {
        // read before measuring: a copy made during the measurement may be missing from it
        long current = generation.get();
        long started = clock.getAsLong();
        Map<Path, SpaceUsage> usage = Map.copyOf(measureAll.get());
        long ended = clock.getAsLong();
        Measurement taken = new Measurement(usage, ended, ended - started, current);
        last = taken;
        return taken.usage();
    }

    /**
     * The background measurement: a thread started just before {@link #stop} must not measure after
     * it returned, or its commands keep the file system busy while the pool is unmounted.
     */
    private synchronized void freshUnlessStopped() {
        if (!stopped) {
            fresh();
        }
    }

    /** Background measurements may run from now on (the pool is open). */
    void start() {
        stopped = false;
    }

    /** No background measurement starts from now on; returns when the running one has ended. */
    synchronized void stop() {
        stopped = true;
    }

    /** Never waits for a measurement, so that making or deleting a copy does not either. */
    void invalidate() {
        generation.incrementAndGet();
    }

    private BackgroundTask task(Alerts alerts) {
        return new BackgroundTask("Space metering of pool " + poolName, "space_metering_failed_" + poolName, alerts);
    }

    private boolean isStale(Measurement measurement) {
        long age = clock.getAsLong() - measurement.takenAt();
        long spacing = SPACING * measurement.took();
        return age > Math.max(maxAgeNanos, spacing)
                || (measurement.generation() != generation.get() && age >= Math.max(minIntervalNanos, spacing));
    }

    /** Whether a background measurement is under way. */
    boolean renewing() {
        return measuringInBackground.get();
    }

    /** One background measurement at a time; requests that find it running take the sizes they have. */
    private void renewInBackground() {
        if (!measuringInBackground.compareAndSet(false, true)) {
            return;
        }
        Thread thread = new Thread(() -> {
            try {
                long current = generation.get();
                if (!metering.run(this::freshUnlessStopped)) {
                    // the previous figures stand for maxAge, so a failing command is not run for every request
                    Measurement previous = last;
                    last = new Measurement(previous == null ? Map.of() : previous.usage(), clock.getAsLong(), 0, current);
                }
            } finally {
                measuringInBackground.set(false);
            }
        }, "pool-usage-" + poolName);
        thread.setDaemon(true);
        thread.start();
    }
}
