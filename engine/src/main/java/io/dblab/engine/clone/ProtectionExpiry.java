package io.dblab.engine.clone;

import io.dblab.client.model.ApiTime;
import io.dblab.engine.audit.AuditLog;
import io.dblab.engine.state.CloneEvent;
import io.dblab.engine.state.CloneRecord;
import io.dblab.engine.state.CloneStateMachine;
import io.dblab.engine.state.ProtectionLease;
import io.dblab.engine.webhook.EngineEvent;
import io.dblab.engine.webhook.EngineEvents;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The end of clones' timed protections, as the reference reports it: {@code clone_protection_expiring}
 * when the end is {@link ProtectionLease#warningMinutes} away, once per protection, and
 * {@code clone_protection_expired} when the protection ran out and is lifted. Each is first
 * recorded in the clone's state (so a restart neither repeats the warning nor loses the lifting),
 * then published: an event is sent at most once.
 */
final class ProtectionExpiry {
    private static final Logger LOG = LoggerFactory.getLogger(ProtectionExpiry.class);

    private final CloneStateMachine machine;
    private final ProtectionLease lease;
    private final AuditLog audit;
    private final EngineEvents events;

    ProtectionExpiry(CloneStateMachine machine, ProtectionLease lease, AuditLog audit, EngineEvents events) {
        this.machine = machine;
        this.lease = lease;
        this.audit = audit;
        this.events = events;
    }

    /** Warns about the timed protections of {@code clones} that end soon and lifts those that ran out at {@code now}. */
    void check(List<CloneRecord> clones, Instant now) {
        for (CloneRecord clone : clones) {
            if (!clone.isProtected() || clone.protectedTill() == null) {
                continue;
            }
            try {
                if (!clone.protectedAt(now)) {
                    lift(clone.id(), now);
                } else if (!clone.expiryWarned() && lease.warningDue(clone.protectedTill(), now)) {
                    warn(clone.id(), now);
                }
            } catch (RuntimeException e) {
                LOG.warn("the protection of clone {} ends at {} but this could not be recorded: {}", clone.id(),
                        clone.protectedTill(), e.getMessage());
            }
        }
    }

    private void lift(String id, Instant now) {
        changeIf(id, c -> c.isProtected() && !c.protectedAt(now), c -> c.withProtection(false, null)).ifPresent(ended -> {
            audit.record(AuditLog.ENGINE, "clone.protection_expired", id, "OK");
            events.publish(event(EngineEvent.CLONE_PROTECTION_EXPIRED, ended, now));
        });
    }

    private void warn(String id, Instant now) {
        changeIf(id, c -> c.protectedAt(now) && c.protectedTill() != null && !c.expiryWarned()
                && lease.warningDue(c.protectedTill(), now), CloneRecord::withExpiryWarned)
                .ifPresent(warned -> events.publish(event(EngineEvent.CLONE_PROTECTION_EXPIRING, warned, now)));
    }

    /**
     * Applies {@code change} when the clone's current record (not the one listed a moment ago: the
     * protection may have changed meanwhile) still meets {@code due}; the record before it, if so.
     */
    private Optional<CloneRecord> changeIf(String id, Predicate<CloneRecord> due, UnaryOperator<CloneRecord> change) {
        CloneRecord[] before = new CloneRecord[1];
        machine.apply(id, CloneEvent.PROTECT, c -> {
            if (!due.test(c)) {
                return c;
            }
            before[0] = c;
            return change.apply(c);
        });
        return Optional.ofNullable(before[0]);
    }

    /** The reference's body: the clone event's fields, the end of the protection and, from an hour on, the hours left. */
    private static EngineEvent event(String type, CloneRecord clone, Instant now) {
        Map<String, Object> fields = new HashMap<>(CloneService.connectionFields(clone));
        fields.put("protected_till", ApiTime.format(clone.protectedTill()));
        long hours = Duration.between(now, clone.protectedTill()).toHours();
        if (hours > 0) { // the reference leaves the field out when it is 0
            fields.put("expires_in_hours", hours);
        }
        return new EngineEvent(type, clone.id(), fields);
    }
}
