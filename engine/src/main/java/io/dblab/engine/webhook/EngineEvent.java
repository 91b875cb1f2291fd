package io.dblab.engine.webhook;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Something that happened to a clone, snapshot or branch, as a webhook sends it: the reference's {@code
 * event_type} and {@code entity_id}, then the event's own {@code fields} (for a clone the
 * reference's {@code port}, {@code username}, {@code dbname}).
 */
public record EngineEvent(String type, String entityId, Map<String, Object> fields) {
    // the reference's names (engine/internal/webhooks/events.go)
    public static final String CLONE_CREATE = "clone_create";
    public static final String CLONE_RESET = "clone_reset";
    public static final String CLONE_DELETE = "clone_delete";
    public static final String CLONE_PROTECTION_EXPIRING = "clone_protection_expiring";
    public static final String CLONE_PROTECTION_EXPIRED = "clone_protection_expired";
    public static final String SNAPSHOT_CREATE = "snapshot_create";
    public static final String SNAPSHOT_DELETE = "snapshot_delete";
    public static final String BRANCH_CREATE = "branch_create";
    public static final String BRANCH_DELETE = "branch_delete";
    // ours: the reference has no event for these
    public static final String CLONE_FAILURE = "clone_failure";
    public static final String REFRESH_FINISHED = "refresh_finished";
    /** Every name a hook's {@code trigger} may list. */
    public static final List<String> TYPES = List.of(CLONE_CREATE, CLONE_RESET, CLONE_DELETE,
            CLONE_PROTECTION_EXPIRING, CLONE_PROTECTION_EXPIRED, CLONE_FAILURE, SNAPSHOT_CREATE, SNAPSHOT_DELETE, BRANCH_CREATE, BRANCH_DELETE, REFRESH_FINISHED);

    public EngineEvent {
        Objects.requireNonNull(type);
        fields = Map.copyOf(fields);
    }

    public static EngineEvent of(String type, String entityId) {
        return new EngineEvent(type, entityId, Map.of());
    }

    /** The JSON body: {@code event_type}, {@code entity_id}, then the fields. */
    public Map<String, Object> payload() {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("event_type", type);
        payload.put("entity_id", entityId);
        payload.putAll(fields);
        return payload;
    }
}
