package io.dblab.engine.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dblab.engine.retrieval.RetrievalStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Requests never wait for a measurement; changes and age have one taken in the background. One that
 * fails serves the last figures, is alerted, is not repeated for every request, and a good one clears the alert.
 */
class UsageCacheTest {
    private static final Path COPY = Path.of("/pool/clones/c1");

    private final AtomicInteger measurements = new AtomicInteger();

    private Map<Path, SpaceUsage> measure() {
        int n = measurements.incrementAndGet();
        return Map.of(COPY, new SpaceUsage(n, n));
    }

    @Test
    void recentAnswersAtOnceAndRenewsInTheBackgroundAfterAChange() {
        UsageCache cache = new UsageCache("p", this::measure, Duration.ofHours(1), Duration.ZERO);
        cache.start();
        assertThat(cache.recent()).isEmpty();
        await().atMost(Duration.ofSeconds(5)).until(() -> cache.recent().containsKey(COPY));
        assertThat(cache.recent().get(COPY).total()).isEqualTo(1);
        assertThat(measurements).hasValue(1);

        cache.invalidate();
        assertThat(cache.recent().get(COPY).total()).as("the old sizes until the new ones are there").isEqualTo(1);
        await().atMost(Duration.ofSeconds(5)).until(() -> cache.recent().get(COPY).total() == 2);
    }

    /** Copies made one after another are measured once per interval, not once each. */
    @Test
    void changesAreMeasuredAgainNoSoonerThanTheMinimumInterval() {
        AtomicLong now = new AtomicLong();
        UsageCache cache = new UsageCache("p", this::measure, Duration.ofSeconds(10), Duration.ofSeconds(3), now::get);
        cache.start();
        cache.recent();
        await().atMost(Duration.ofSeconds(5)).until(() -> measurements.get() == 1 && !cache.renewing());

        now.set(Duration.ofSeconds(2).toNanos());
        cache.invalidate();
        assertThat(cache.recent().get(COPY).total()).isEqualTo(1);
        assertThat(cache.renewing()).as("a renewal 2 s after the last measurement").isFalse();
        assertThat(measurements).hasValue(1);

        now.set(Duration.ofSeconds(3).toNanos());
        cache.recent();
        await().atMost(Duration.ofSeconds(5)).until(() -> cache.recent().get(COPY).total() == 2 && !cache.renewing());

        // without a change, only age makes the figures stale
        now.set(Duration.ofSeconds(12).toNanos());
        cache.recent();
        assertThat(cache.renewing() || measurements.get() == 3).as("a renewal 9 s after an unchanged measurement").isFalse();
        now.set(Duration.ofSeconds(13).toNanos() + 1);
        await().atMost(Duration.ofSeconds(5)).until(() -> cache.recent().get(COPY).total() == 3);
    }

    /** With hundreds of copies a measurement takes seconds: it may not run back to back. */
    @Test
    void aLongMeasurementSpacesOutTheNextOnes() {
        AtomicLong now = new AtomicLong();
        UsageCache cache = new UsageCache("p", () -> {
            now.addAndGet(Duration.ofSeconds(2).toNanos());
            return measure();
        }, Duration.ofSeconds(10), Duration.ofSeconds(3), now::get);
        cache.start();
        cache.recent();
        await().atMost(Duration.ofSeconds(5)).until(() -> measurements.get() == 1 && !cache.renewing());

        // taken at 2 s and lasting 2 s: its figures stand until 22 s, changed copies or not
        cache.invalidate();
        now.set(Duration.ofSeconds(21).toNanos());
        cache.recent();
        assertThat(cache.renewing() || measurements.get() == 2).as("a renewal 19 s after a 2-s measurement").isFalse();
        now.set(Duration.ofSeconds(22).toNanos());
        cache.recent();
        await().atMost(Duration.ofSeconds(5)).until(() -> cache.recent().get(COPY).total() == 2);
    }

    @Test
    void aStoppedCacheStartsNoMeasurementButFreshStillMeasures() {
        UsageCache cache = new UsageCache("p", this::measure, Duration.ZERO, Duration.ZERO);
        assertThat(cache.recent()).isEmpty();
        assertThat(cache.fresh().get(COPY).total()).isEqualTo(1);
        cache.recent();
        assertThat(measurements).hasValue(1);
    }

    @Test
    void stopWaitsForTheRunningMeasurement() throws Exception {
        CountDownLatch measuring = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        UsageCache cache = new UsageCache("p", () -> {
            measuring.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Map.of();
        }, Duration.ZERO, Duration.ZERO);
        cache.start();
        cache.recent();
        assertThat(measuring.await(5, TimeUnit.SECONDS)).isTrue();
        Thread stopper = new Thread(cache::stop);
        stopper.start();
        stopper.join(300);
        assertThat(stopper.isAlive()).as("stop() waits while the measurement runs").isTrue();
        release.countDown();
        stopper.join(5000);
        assertThat(stopper.isAlive()).isFalse();
    }

    @Test
    void aMeasurementThreadStartedJustBeforeStopDoesNotMeasure() throws InterruptedException {
        UsageCache cache = new UsageCache("late", this::measure, Duration.ZERO, Duration.ZERO);
        cache.start();
        Thread measurer;
        // holding the cache's lock keeps the background thread from measuring until stop() has run
        synchronized (cache) {
            cache.recent();
            measurer = await().atMost(Duration.ofSeconds(5)).until(() -> Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t.getName().equals("pool-usage-late")).findFirst().orElse(null), t -> t != null);
            cache.stop();
        }
        measurer.join(5000);

        assertThat(measurer.isAlive()).isFalse();
        assertThat(measurements).as("no command may run on a pool that is being unmounted").hasValue(0);
    }

    @Test
    void aFailedMeasurementServesTheLastFiguresAndIsAlertedUntilOneSucceeds() {
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        UsageCache cache = new UsageCache("pool1", () -> {
            if (failure.get() != null) {
                throw failure.get();
            }
            return Map.of(COPY, new SpaceUsage(10, 20));
        }, Duration.ofHours(1), Duration.ZERO);
        RetrievalStatus alerts = new RetrievalStatus("logical", "finished");
        cache.reportTo(alerts);
        cache.start();
        await().atMost(Duration.ofSeconds(5)).until(() -> cache.recent().containsKey(COPY));

        failure.set(new IllegalStateException("ERROR: can't list qgroups: quotas not enabled"));
        cache.invalidate();
        await().atMost(Duration.ofSeconds(5)).until(() -> {
            cache.recent();
            return alerts.view().alerts().containsKey("space_metering_failed_pool1");
        });
        assertThat(cache.recent().get(COPY).exclusive()).as("the last figures").isEqualTo(10);
        assertThat(alerts.view().alerts().get("space_metering_failed_pool1").message())
                .isEqualTo("Space metering of pool pool1 failed: ERROR: can't list qgroups: quotas not enabled");

        failure.set(null);
        cache.invalidate();
        await().atMost(Duration.ofSeconds(5)).until(() -> {
            cache.recent();
            return !alerts.view().alerts().containsKey("space_metering_failed_pool1");
        });
    }

    @Test
    void aFailingMeasurementIsNotRepeatedForEveryRequest() throws InterruptedException {
        AtomicInteger attempts = new AtomicInteger();
        UsageCache cache = new UsageCache("pool1", () -> {
            attempts.incrementAndGet();
            throw new IllegalStateException("btrfs: command failed");
        }, Duration.ofMinutes(1), Duration.ZERO);
        cache.start();
        cache.recent();
        await().atMost(Duration.ofSeconds(5)).until(() -> attempts.get() == 1);
        for (int i = 0; i < 5; i++) {
            cache.recent();
            Thread.sleep(20);
        }
        assertThat(attempts).hasValue(1);
        assertThat(cache.recent()).isEmpty();
    }
}
