package io.dblab.platform.audit;

import io.dblab.platform.auth.Refusal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.function.Function;

/**
 * Which rows of an organization's audit log to show: days from and to (inclusive, UTC), an actor and
 * an action (exact), each optional. Read from the query parameters {@code from}, {@code to},
 * {@code actor} and {@code action} of both the page and the API.
 */
public record AuditFilter(LocalDate from, LocalDate to, String actor, String action) {
    public AuditFilter {
        actor = actor == null || actor.isBlank() ? null : actor.strip();
        action = action == null || action.isBlank() ? null : action.strip();
    }

    public static final AuditFilter ALL = new AuditFilter(null, null, null, null);

    /** @param param a request's query parameter by name; null when absent */
    public static AuditFilter from(Function<String, String> param) {
        AuditFilter filter = new AuditFilter(date(param, "from"), date(param, "to"), param.apply("actor"), param.apply("action"));
        if (filter.from != null && filter.to != null && filter.to.isBefore(filter.from)) {
            throw Refusal.badRequest("'to' (" + filter.to + ") is before 'from' (" + filter.from + ")");
        }
        return filter;
    }

    private static LocalDate date(Function<String, String> param, String name) {
        String value = param.apply(name);
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(value.strip());
        } catch (DateTimeParseException e) {
            throw Refusal.badRequest("'" + name + "' must be a date like 2026-03-31, got '" + value + "'");
        }
    }
}
