package io.dblab.joe.sql;

import java.util.Optional;

/**
 * Finds where a PostgreSQL statement ends, skipping what a semicolon may hide in: quoted strings
 * ('…', E'…' with backslash escapes), quoted names ("…"), dollar quotes ($tag$…$tag$), line comments
 * and nested block comments. Joe runs exactly one statement of the person's: the driver would send
 * every statement of a string, and only the first would be wrapped in EXPLAIN.
 */
public final class SingleStatement {
    private final String sql;
    private int at;

    private SingleStatement(String sql) {
        this.sql = sql;
    }

    /**
     * The one statement in the text, without trailing semicolons and blanks; empty when the text holds
     * no statement or more than one.
     */
    public static Optional<String> of(String sql) {
        return new SingleStatement(sql).single();
    }

    private Optional<String> single() {
        int end = statementEnd();
        String statement = sql.substring(0, end).strip();
        if (!hasCode(statement)) {
            return Optional.empty();
        }
        at = end;
        while (at < sql.length()) {
            if (sql.charAt(at) == ';' || Character.isWhitespace(sql.charAt(at))) {
                at++;
            } else if (!skipComment()) {
                return Optional.empty();
            }
        }
        return Optional.of(statement);
    }

    /** Index of the first top-level semicolon, or the length of the text. */
    private int statementEnd() {
        at = 0;
        while (at < sql.length()) {
            char c = sql.charAt(at);
            if (c == ';') {
                return at;
            }
            if (!(skipComment() || skipQuoted())) {
                at++;
            }
        }
        return sql.length();
    }

    private static boolean hasCode(String statement) {
        SingleStatement scan = new SingleStatement(statement);
        while (scan.at < statement.length()) {
            if (Character.isWhitespace(statement.charAt(scan.at))) {
                scan.at++;
            } else if (!scan.skipComment()) {
                return true;
            }
        }
        return false;
    }

    private boolean skipComment() {
        if (sql.startsWith("--", at)) {
            int newline = sql.indexOf('\n', at);
            at = newline < 0 ? sql.length() : newline + 1;
            return true;
        }
        if (sql.startsWith("/*", at)) {
            int depth = 0;
            while (at < sql.length()) {
                if (sql.startsWith("/*", at)) {
                    depth++;
                    at += 2;
                } else if (sql.startsWith("*/", at)) {
                    depth--;
                    at += 2;
                    if (depth == 0) {
                        return true;
                    }
                } else {
                    at++;
                }
            }
            return true;
        }
        return false;
    }

    private boolean skipQuoted() {
        char c = sql.charAt(at);
        boolean afterWord = at > 0 && isWordChar(sql.charAt(at - 1));
        if (c == '\'') {
            boolean escapes = at > 0 && (sql.charAt(at - 1) == 'E' || sql.charAt(at - 1) == 'e')
                    && (at == 1 || !isWordChar(sql.charAt(at - 2)));
            at = closing(at + 1, '\'', escapes);
            return true;
        }
        if (c == '"') {
            at = closing(at + 1, '"', false);
            return true;
        }
        if (c == '$' && !afterWord) {
            int tagEnd = dollarTagEnd(at);
            if (tagEnd > 0) {
                String tag = sql.substring(at, tagEnd + 1);
                int close = sql.indexOf(tag, tagEnd + 1);
                at = close < 0 ? sql.length() : close + tag.length();
                return true;
            }
        }
        return false;
    }

    /** After the closing quote; a doubled quote is part of the text, and so is a backslashed one in E'…'. */
    private int closing(int from, char quote, boolean backslashEscapes) {
        int i = from;
        while (i < sql.length()) {
            char c = sql.charAt(i);
            if (backslashEscapes && c == '\\') {
                i += 2;
            } else if (c == quote) {
                if (i + 1 < sql.length() && sql.charAt(i + 1) == quote) {
                    i += 2;
                } else {
                    return i + 1;
                }
            } else {
                i++;
            }
        }
        return sql.length();
    }

    /** The index of the closing '$' of a tag such as $$ or $body$ starting here, or -1 ($1 is a parameter). */
    private int dollarTagEnd(int start) {
        int i = start + 1;
        if (i < sql.length() && sql.charAt(i) != '$' && !(Character.isLetter(sql.charAt(i)) || sql.charAt(i) == '_')) {
            return -1;
        }
        while (i < sql.length() && sql.charAt(i) != '$') {
            if (!isWordChar(sql.charAt(i)) || sql.charAt(i) == '$') {
                return -1;
            }
            i++;
        }
        return i < sql.length() ? i : -1;
    }

    private static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '$';
    }
}
