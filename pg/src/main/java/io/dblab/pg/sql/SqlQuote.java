package io.dblab.pg.sql;

/** Quoting of identifiers and literals, so user-supplied names are never read as SQL. */
public final class SqlQuote {
    private SqlQuote() {}

    public static String ident(String name) {
        requireClean(name);
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }

    /** A standard-conforming string literal; with E'' avoided, backslashes need no doubling. */
    public static String literal(String value) {
        requireClean(value);
        return "'" + value.replace("'", "''") + "'";
    }

    private static void requireClean(String value) {
        if (value == null || value.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("a SQL name or value must not be null or contain NUL");
        }
    }
}
