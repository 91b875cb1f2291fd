package io.dblab.platform.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dblab.client.Json;
import io.dblab.platform.auth.Refusal;
import io.dblab.platform.storage.Jdbc;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The audit log (DESIGN.md point 7): every part of the Platform calls {@link #record} for each action,
 * allowed or not. The table is append-only (see V1's trigger and the application role's grants);
 * this class only ever inserts and reads.
 */
public final class Audit {
    /** The most rows a read returns; exports say when they were cut there. */
    public static final int MAX_ROWS = 10_000;
    /** Keys that would hold a secret: the caller has a bug, and the row must not be written as it is. */
    private static final Pattern SECRET_KEY = Pattern.compile(".*(password|secret|token|key|credential).*");
    private final Jdbc db;
    private final ObjectMapper json = Json.mapper();

    public Audit(Jdbc db) {
        this.db = db;
    }

    public void record(AuditEvent event) {
        for (String key : event.details().keySet()) {
            if (SECRET_KEY.matcher(key.toLowerCase(Locale.ROOT)).matches()) {
                throw new IllegalArgumentException("audit detail '" + key + "' looks like a secret; name what it is"
                        + " (a prefix, an ID), never the secret itself");
            }
        }
        String details;
        try {
            details = json.writeValueAsString(event.details());
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("audit details are not JSON: " + e.getMessage(), e);
        }
        db.update("INSERT INTO audit_log (actor, actor_user_id, organization_id, action, target, result, source_address,"
                        + " details) VALUES (?, ?, ?, ?, ?, ?, ?, ?::jsonb)", event.actor().name(), event.actor().userId(),
                event.organizationId(), event.action(), event.target(), event.result().value(), event.sourceAddress(), details);
    }

    /**
     * Runs an action that records its own success; when it is refused, records the event as denied with
     * the reason (without the organization when the refusal is a 404: it is not the caller's) and throws on.
     */
    public <T> T refusalsRecorded(AuditEvent event, Supplier<T> action) {
        try {
            return action.get();
        } catch (Refusal e) {
            AuditEvent refused = e.status() == 404 ? event.in(null) : event;
            record(refused.result(AuditEvent.Result.DENIED).detail("reason", e.getMessage()));
            throw e;
        }
    }

    /**
     * An organization's rows, newest first: those recorded in it, and those of no organization (sign-ins)
     * whose actor is one of its members now.
     */
    public List<AuditEntry> read(long organizationId, AuditFilter filter, int limit) {
        StringBuilder sql = new StringBuilder("SELECT id, at, actor, organization_id, action, target, result,"
                + " source_address, details::text AS details FROM audit_log WHERE (organization_id = ? OR (organization_id"
                + " IS NULL AND actor_user_id IN (SELECT user_id FROM memberships WHERE organization_id = ?)))");
        List<Object> params = new ArrayList<>(List.of(organizationId, organizationId));
        if (filter.from() != null) {
            sql.append(" AND at >= ?");
            params.add(filter.from().atStartOfDay().toInstant(ZoneOffset.UTC));
        }
        if (filter.to() != null) {
            sql.append(" AND at < ?");
            params.add(filter.to().plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC));
        }
        if (filter.actor() != null) {
            sql.append(" AND actor = ?");
            params.add(filter.actor());
        }
        if (filter.action() != null) {
            sql.append(" AND action = ?");
            params.add(filter.action());
        }
        sql.append(" ORDER BY at DESC, id DESC LIMIT ?");
        params.add(Math.min(limit, MAX_ROWS));
        return db.list(sql.toString(), row -> new AuditEntry(row.getLong("id"), Jdbc.instant(row, "at"), row.getString("actor"),
                Jdbc.nullableLong(row, "organization_id"), row.getString("action"), row.getString("target"),
                row.getString("result"), row.getString("source_address"), row.getString("details")), params.toArray());
    }
}
