package io.dblab.joe.guard;

import io.dblab.joe.redact.UserSql;

/**
 * Everything the person wrote in their session (the SQL of every command). A value or name they wrote
 * themselves may be shown back to them: it tells them nothing they did not know. The text is capped:
 * beyond {@link #MAX_CHARS} the oldest is forgotten, which only makes the guard stricter.
 */
public final class SessionText {
    static final int MAX_CHARS = 1 << 20;
    private final StringBuilder text = new StringBuilder();
    private UserSql sql = new UserSql("");

    public synchronized void add(String written) {
        if (written == null || written.isEmpty()) {
            return;
        }
        text.append('\n').append(written);
        if (text.length() > MAX_CHARS) {
            text.delete(0, text.length() - MAX_CHARS);
        }
        sql = new UserSql(text.toString());
    }

    /** Whether the value stands in what the person wrote, as a whole token (see {@link UserSql#mentions}). */
    public synchronized boolean wrote(String value) {
        return sql.mentions(value);
    }
}
