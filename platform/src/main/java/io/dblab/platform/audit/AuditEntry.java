package io.dblab.platform.audit;

import java.time.Instant;

/** One row of the audit log as read back; {@code details} is its JSON text. */
public record AuditEntry(long id, Instant at, String actor, Long organizationId, String action, String target,
                         String result, String sourceAddress, String details) {
}
