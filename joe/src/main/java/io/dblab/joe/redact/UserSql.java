package io.dblab.joe.redact;

import java.util.Locale;

/**
 * The SQL a person sent. A value in an error message may be shown back to them only if they wrote it
 * themselves: it appears in their SQL as a whole token, not as part of a longer word.
 */
public final class UserSql {
    private final String sql;
    private final String lowerSql;

    public UserSql(String sql) {
        this.sql = sql == null ? "" : sql;
        this.lowerSql = this.sql.toLowerCase(Locale.ROOT);
    }

    /**
     * Whether the value stands in the SQL. PostgreSQL folds unquoted names to lower case, so a value in
     * lower case also matches what the person wrote in any case.
     */
    public boolean mentions(String value) {
        if (value.isEmpty()) {
            return true;
        }
        return standsIn(sql, value) || (value.equals(value.toLowerCase(Locale.ROOT)) && standsIn(lowerSql, value));
    }

    private static boolean standsIn(String text, String value) {
        for (int at = text.indexOf(value); at >= 0; at = text.indexOf(value, at + 1)) {
            boolean startsClean = at == 0 || !isWordChar(value.charAt(0)) || !isWordChar(text.charAt(at - 1));
            int end = at + value.length();
            boolean endsClean = end == text.length() || !isWordChar(value.charAt(value.length() - 1))
                    || !isWordChar(text.charAt(end));
            if (startsClean && endsClean) {
                return true;
            }
        }
        return false;
    }

    static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '$';
    }
}
