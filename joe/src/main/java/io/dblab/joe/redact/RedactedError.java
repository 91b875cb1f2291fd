package io.dblab.joe.redact;

import java.util.Optional;

/**
 * A server error or notice with its data values taken out: severity, SQLSTATE, the primary message and
 * hint after redaction, and the position in the person's SQL (0 when none). DETAIL, CONTEXT and the
 * internal query are never kept: they quote rows and function bodies.
 */
public record RedactedError(String severity, String sqlState, String message, Optional<String> hint, int position) {
    /** "ERROR: duplicate key value violates unique constraint "t_pkey" (SQLSTATE 23505)", and a hint line. */
    public String text() {
        StringBuilder text = new StringBuilder(severity).append(": ").append(message);
        if (sqlState != null && !sqlState.isEmpty()) {
            text.append(" (SQLSTATE ").append(sqlState).append(')');
        }
        hint.ifPresent(h -> text.append("\nHINT: ").append(h));
        return text.toString();
    }
}
