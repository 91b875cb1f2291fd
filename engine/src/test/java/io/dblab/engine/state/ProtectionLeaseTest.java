package io.dblab.engine.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import org.junit.jupiter.api.Test;

class ProtectionLeaseTest {
    private static final Instant NOW = Instant.parse("2026-06-20T12:00:00Z");

    private static ProtectionLease warningAhead(int minutes) {
        return new ProtectionLease(0, 0, minutes, InstantSource.fixed(NOW));
    }

    @Test
    void theWarningIsDueFromTheLeadTimeBeforeTheEndOn() {
        ProtectionLease lease = warningAhead(30);

        assertThat(lease.warningDue(NOW.plus(Duration.ofMinutes(31)), NOW)).isFalse();
        assertThat(lease.warningDue(NOW.plus(Duration.ofMinutes(30)), NOW)).isTrue();
        assertThat(lease.warningDue(NOW.plus(Duration.ofMinutes(1)), NOW)).isTrue();
    }

    @Test
    void aLeadTimeOfZeroWarnsNever() {
        assertThat(warningAhead(0).warningDue(NOW.plusSeconds(1), NOW)).isFalse();
    }
}
