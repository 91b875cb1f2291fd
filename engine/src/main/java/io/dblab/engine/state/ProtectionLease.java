package io.dblab.engine.state;

import io.dblab.engine.error.BadRequestException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;

/**
 * How long a protection lasts, by the reference's rule: a request without a duration gets the
 * default ({@code cloning.protectionLeaseDurationMinutes}); 0 means "until lifted" unless a maximum
 * ({@code cloning.protectionMaxDurationMinutes}) is set, which then caps every protection.
 */
public record ProtectionLease(int defaultMinutes, int maxMinutes, InstantSource clock) {

    public Instant now() {
        return clock.instant();
    }

    /** When a protection asked for now ends; null when it lasts until it is lifted. */
    public Instant till(Long requestedMinutes) {
        if (requestedMinutes != null && requestedMinutes < 0) {
            throw new BadRequestException("protectionDurationMinutes must be >= 0 (0: until unprotected), got "
                    + requestedMinutes);
        }
        long minutes = requestedMinutes == null ? defaultMinutes : requestedMinutes;
        if (minutes == 0) {
            if (maxMinutes == 0) {
                return null;
            }
            minutes = maxMinutes;
        }
        if (maxMinutes > 0 && minutes > maxMinutes) {
            minutes = maxMinutes;
        }
        return clock.instant().plus(Duration.ofMinutes(minutes));
    }
}
