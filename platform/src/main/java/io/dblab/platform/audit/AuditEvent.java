package io.dblab.platform.audit;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One row to append to the audit log. Build it with {@link #of}, then add what applies:
 * {@code AuditEvent.of(actor, "clone.reset").in(orgId).target("clone " + id).from(ip).detail("snapshot", s)}.
 * Details are never secrets: {@link Audit#record} refuses keys that name one.
 */
public record AuditEvent(Actor actor, Long organizationId, String action, String target, Result result,
                         String sourceAddress, Map<String, Object> details) {

    public enum Result {
        OK, FAILED, DENIED;

        public String value() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public AuditEvent {
        target = target == null ? "" : target;
        result = result == null ? Result.OK : result;
        details = details == null ? Map.of() : Map.copyOf(details);
    }

    public static AuditEvent of(Actor actor, String action) {
        return new AuditEvent(actor, null, action, "", Result.OK, null, Map.of());
    }

    public AuditEvent in(Long organization) {
        return new AuditEvent(actor, organization, action, target, result, sourceAddress, details);
    }

    public AuditEvent target(String what) {
        return new AuditEvent(actor, organizationId, action, what, result, sourceAddress, details);
    }

    public AuditEvent result(Result outcome) {
        return new AuditEvent(actor, organizationId, action, target, outcome, sourceAddress, details);
    }

    public AuditEvent from(String address) {
        return new AuditEvent(actor, organizationId, action, target, result, address, details);
    }

    public AuditEvent detail(String key, Object value) {
        Map<String, Object> more = new LinkedHashMap<>(details);
        more.put(key, value);
        return new AuditEvent(actor, organizationId, action, target, result, sourceAddress, more);
    }
}
