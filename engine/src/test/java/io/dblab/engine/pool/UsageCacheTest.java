package io.dblab.engine.pool;

import static org.assertj.core.api.Assertions.assertThat;

import io.dblab.engine.retrieval.RetrievalStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Space metering that fails: the figures last measured are served, an alert says why, a good measurement clears it. */
class UsageCacheTest {
    private static final Path CLONE = Path.of("/pool/clones/c1");
    private static final String ALERT = "space_metering_failed_pool1";

    @Test
    void aFailedMeasurementServesTheLastFiguresAndIsAlertedUntilOneSucceeds() {
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        UsageCache cache = new UsageCache("pool1", () -> {
            if (failure.get() != null) {
                throw failure.get();
            }
            return Map.of(CLONE, new SpaceUsage(10, 20));
        }, Duration.ZERO);
        RetrievalStatus alerts = new RetrievalStatus("logical", "finished");
        cache.reportTo(alerts);

        assertThat(cache.of(CLONE).exclusive()).isEqualTo(10);

        failure.set(new IllegalStateException("ERROR: can't list qgroups: quotas not enabled"));
        cache.invalidate();
        assertThat(cache.of(CLONE).exclusive()).as("the last figures").isEqualTo(10);
        assertThat(alerts.view().alerts().get(ALERT).message())
                .isEqualTo("Space metering of pool pool1 failed: ERROR: can't list qgroups: quotas not enabled");

        failure.set(null);
        cache.invalidate();
        assertThat(cache.of(CLONE).total()).isEqualTo(20);
        assertThat(alerts.view().alerts()).doesNotContainKey(ALERT);
    }

    @Test
    void withoutAnyGoodMeasurementThereAreNoFigures() {
        UsageCache cache = new UsageCache("pool1", () -> {
            throw new IllegalStateException("pool pool1 is not open");
        }, Duration.ofMinutes(1));
        assertThat(cache.all()).isEmpty();
        assertThat(cache.of(CLONE)).isEqualTo(SpaceUsage.NONE);
    }

    @Test
    void aFailingMeasurementIsNotRepeatedForEveryRequest() {
        int[] attempts = {0};
        UsageCache cache = new UsageCache("pool1", () -> {
            attempts[0]++;
            throw new IllegalStateException("btrfs: command failed");
        }, Duration.ofMinutes(1));
        cache.all();
        cache.all();
        cache.all();
        assertThat(attempts[0]).isEqualTo(1);
    }
}
