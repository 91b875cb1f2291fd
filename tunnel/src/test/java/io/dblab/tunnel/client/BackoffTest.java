package io.dblab.tunnel.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BackoffTest {
    private final Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60), new Random(42));

    @Test
    void theCeilingDoublesWithEachFailureUpToTheCap() {
        assertThat(IntStream.range(0, 9).mapToObj(backoff::ceiling).map(Duration::toSeconds))
                .containsExactly(1L, 2L, 4L, 8L, 16L, 32L, 60L, 60L, 60L);
        assertThat(backoff.ceiling(1_000)).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void delaysAreSpreadOverTheWholeRangeUnderTheCeiling() {
        Set<Long> delays = new HashSet<>();
        long longest = 0;
        long shortest = Long.MAX_VALUE;
        for (int i = 0; i < 1_000; i++) {
            long millis = backoff.delay(3).toMillis();
            assertThat(millis).isBetween(0L, 8_000L);
            delays.add(millis);
            longest = Math.max(longest, millis);
            shortest = Math.min(shortest, millis);
        }
        // full jitter: not the same wait each time, and both ends of [0, 8 s] are reached
        assertThat(delays).hasSizeGreaterThan(900);
        assertThat(shortest).isLessThan(500);
        assertThat(longest).isGreaterThan(7_500);
    }

    @Test
    void laterAttemptsWaitLongerOnAverage() {
        double early = IntStream.range(0, 500).mapToLong(i -> backoff.delay(0).toMillis()).average().orElseThrow();
        double late = IntStream.range(0, 500).mapToLong(i -> backoff.delay(5).toMillis()).average().orElseThrow();
        assertThat(early).isBetween(300.0, 700.0);
        assertThat(late).isBetween(12_000.0, 20_000.0);
    }
}
