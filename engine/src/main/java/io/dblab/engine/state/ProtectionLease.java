package io.dblab.engine.state;

import io.dblab.engine.error.BadRequestException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;

/**
 * How long a protection lasts, by the reference's rule: a request without a duration gets the
 * default ({@code cloning.protectionLeaseDurationMinutes}); 0 means "until lifted" unless a maximum
 * ({@code cloning.protectionMaxDurationMinutes}) is set, which then caps every protection. A timed
 * protection is warned about {@code warningMinutes} before it ends
 * ({@code cloning.protectionExpiryWarningMinutes}; 0: never).
 */
public record ProtectionLease(int defaultMinutes, int maxMinutes, int warningMinutes, InstantSource clock) {

    public Instant now() {
        return clock.instant();
    }

    /** Whether a protection that ends at {@code till} is to be warned about at {@code now}. */
    public boolean warningDue(Instant till, Instant now) {
        return warningMinutes > 0 && !till.minus(Duration.ofMinutes(warningMinutes)).isAfter(now);
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
