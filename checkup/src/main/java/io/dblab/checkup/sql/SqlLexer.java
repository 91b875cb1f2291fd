package io.dblab.checkup.sql;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits PostgreSQL SQL text into tokens the way the server's scanner ({@code scan.l}) does, as far
 * as telling literals apart from everything else is concerned. Comments and white space are not
 * tokens; a token only remembers whether some came before it.
 *
 * <p>Recognized literals: {@code '…'} (with {@code ''}; with backslash escapes too when
 * {@code standard_conforming_strings} is off), {@code E'…'} (backslash escapes), {@code N'…'},
 * {@code B'…'}, {@code X'…'}, {@code U&'…'}, dollar quotes {@code $tag$…$tag$} (the body is never
 * looked into, so nested dollar quotes with other tags stay inside), and numbers (integers,
 * decimals such as {@code .5} and {@code 1.}, exponents such as {@code 1e-5}, PostgreSQL 16's
 * {@code 0x1F}, {@code 0o17}, {@code 0b101} and {@code 1_000}; trailing letters are taken into the
 * number, so {@code 123abc} is one literal). A string, dollar quote or quoted identifier that does
 * not end swallows the rest of the text into one {@link Kind#UNTERMINATED} token.
 */
public final class SqlLexer {

    public enum Kind {
        /** Keyword or unquoted identifier. */
        WORD,
        /** {@code "…"} or {@code U&"…"}. */
        QUOTED_IDENTIFIER,
        /** Any string literal, including dollar-quoted ones and the prefixed forms. */
        STRING,
        NUMBER,
        /** {@code $1}, {@code $2} … */
        PARAMETER,
        /** A run of operator characters such as {@code <>=} or {@code ::} parts. */
        OPERATOR,
        /** One of {@code , ( ) [ ] ; . :} and any other single character. */
        PUNCTUATION,
        /** A string, dollar quote or quoted identifier without its end: the rest of the text. */
        UNTERMINATED;

        /** Whether the token holds a value that must not be shown. */
        public boolean isLiteral() {
            return this == STRING || this == NUMBER || this == UNTERMINATED;
        }
    }

    /** A token: its kind, where it is in the text, and whether white space or a comment came before it. */
    public record Token(Kind kind, int start, int end, boolean spaceBefore, String text) {
    }

    private static final String OPERATOR_CHARS = "~!@#^&|`?+-*/%<>=";

    private final String s;
    private final boolean standardConformingStrings;
    private int pos;

    private SqlLexer(String s, boolean standardConformingStrings) {
        this.s = s;
        this.standardConformingStrings = standardConformingStrings;
    }

    /** Tokens of {@code sql}, read with {@code standard_conforming_strings} on (the default since 9.1). */
    public static List<Token> tokenize(String sql) {
        return tokenize(sql, true);
    }

    public static List<Token> tokenize(String sql, boolean standardConformingStrings) {
        return new SqlLexer(sql, standardConformingStrings).run();
    }

    private List<Token> run() {
        List<Token> tokens = new ArrayList<>();
        boolean space = false;
        while (pos < s.length()) {
            char c = s.charAt(pos);
            if (isSpace(c)) {
                pos++;
                space = true;
                continue;
            }
            if (startsWith("--")) {
                int nl = indexOfLineEnd(pos);
                pos = nl < 0 ? s.length() : nl;
                space = true;
                continue;
            }
            if (startsWith("/*")) {
                skipBlockComment();
                space = true;
                continue;
            }
            int start = pos;
            Kind kind = next();
            tokens.add(new Token(kind, start, pos, space, s.substring(start, pos)));
            space = false;
        }
        return tokens;
    }

    private Kind next() {
        char c = s.charAt(pos);
        char n1 = charAt(pos + 1);
        if (c == '\'') {
            return quoted('\'', !standardConformingStrings);
        }
        if (c == '"') {
            return quotedIdentifier();
        }
        if ((c == 'e' || c == 'E') && n1 == '\'') {
            pos++;
            return quoted('\'', true);
        }
        if ((c == 'n' || c == 'N') && n1 == '\'') {
            pos++;
            return quoted('\'', !standardConformingStrings);
        }
        if ((c == 'b' || c == 'B' || c == 'x' || c == 'X') && n1 == '\'') {
            pos++;
            return quoted('\'', false);
        }
        if ((c == 'u' || c == 'U') && n1 == '&' && charAt(pos + 2) == '\'') {
            pos += 2;
            return quoted('\'', false);
        }
        if ((c == 'u' || c == 'U') && n1 == '&' && charAt(pos + 2) == '"') {
            pos += 2;
            return quotedIdentifier();
        }
        if (c == '$') {
            if (isDigit(n1)) {
                pos++;
                while (isDigit(charAt(pos))) {
                    pos++;
                }
                if (isIdentContinue(charAt(pos))) { // "$1abc": trailing junk, keep it with nothing
                    return number();
                }
                return Kind.PARAMETER;
            }
            int tagEnd = dollarTagEnd(pos);
            if (tagEnd > 0) {
                String delimiter = s.substring(pos, tagEnd);
                int close = s.indexOf(delimiter, tagEnd);
                if (close < 0) {
                    pos = s.length();
                    return Kind.UNTERMINATED;
                }
                pos = close + delimiter.length();
                return Kind.STRING;
            }
            pos++;
            return Kind.PUNCTUATION;
        }
        if (c == '.' && n1 == '.') { // ".." as in PL/pgSQL's "FOR i IN 1..10"
            pos += 2;
            return Kind.PUNCTUATION;
        }
        if (isDigit(c) || (c == '.' && isDigit(n1))) {
            return number();
        }
        if (isIdentStart(c)) {
            while (pos < s.length() && isIdentContinue(s.charAt(pos))) {
                pos++;
            }
            return Kind.WORD;
        }
        if (OPERATOR_CHARS.indexOf(c) >= 0) {
            pos++;
            while (pos < s.length() && OPERATOR_CHARS.indexOf(s.charAt(pos)) >= 0
                    && !startsWith("--") && !startsWith("/*")) {
                pos++;
            }
            return Kind.OPERATOR;
        }
        pos++;
        return Kind.PUNCTUATION;
    }

    /** A quoted literal that starts at {@code pos} with {@code quote}; {@code ''} is always a quote. */
    private Kind quoted(char quote, boolean backslashEscapes) {
        pos++;
        while (pos < s.length()) {
            char c = s.charAt(pos);
            if (backslashEscapes && c == '\\') {
                pos += 2;
                continue;
            }
            if (c == quote) {
                if (charAt(pos + 1) == quote) {
                    pos += 2;
                    continue;
                }
                pos++;
                return Kind.STRING;
            }
            pos++;
        }
        pos = s.length();
        return Kind.UNTERMINATED;
    }

    private Kind quotedIdentifier() {
        Kind k = quoted('"', false);
        return k == Kind.STRING ? Kind.QUOTED_IDENTIFIER : k;
    }

    private Kind number() {
        if (charAt(pos) == '0' && "xXoObB".indexOf(charAt(pos + 1)) >= 0 && isIdentContinue(charAt(pos + 2))) {
            pos += 2;
        } else {
            while (isDigit(charAt(pos)) || (charAt(pos) == '_' && isDigit(charAt(pos + 1)))) {
                pos++;
            }
            // "1..10" is an integer followed by "..", as in PL/pgSQL ranges
            if (charAt(pos) == '.' && charAt(pos + 1) != '.') {
                pos++;
                while (isDigit(charAt(pos)) || (charAt(pos) == '_' && isDigit(charAt(pos + 1)))) {
                    pos++;
                }
            }
            if ((charAt(pos) == 'e' || charAt(pos) == 'E')
                    && (isDigit(charAt(pos + 1))
                    || ((charAt(pos + 1) == '+' || charAt(pos + 1) == '-') && isDigit(charAt(pos + 2))))) {
                pos += 2;
                while (isDigit(charAt(pos))) {
                    pos++;
                }
            }
        }
        // trailing junk ("123abc", "0x1F"): PostgreSQL rejects or reads it as part of the number;
        // either way it belongs to the value, never to the statement's shape
        while (isIdentContinue(charAt(pos)) && charAt(pos) != '$') {
            pos++;
        }
        return Kind.NUMBER;
    }

    /** The end of a dollar-quote delimiter ({@code $}, optional tag, {@code $}) at {@code at}, or -1. */
    private int dollarTagEnd(int at) {
        int i = at + 1;
        if (charAt(i) == '$') {
            return i + 1;
        }
        if (!isIdentStart(charAt(i))) {
            return -1;
        }
        i++;
        while (i < s.length() && isIdentContinue(s.charAt(i)) && s.charAt(i) != '$') {
            i++;
        }
        return charAt(i) == '$' ? i + 1 : -1;
    }

    private void skipBlockComment() {
        int depth = 0;
        while (pos < s.length()) {
            if (startsWith("/*")) {
                depth++;
                pos += 2;
            } else if (startsWith("*/")) {
                depth--;
                pos += 2;
                if (depth == 0) {
                    return;
                }
            } else {
                pos++;
            }
        }
    }

    private int indexOfLineEnd(int from) {
        for (int i = from; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\n' || c == '\r') {
                return i;
            }
        }
        return -1;
    }

    private boolean startsWith(String prefix) {
        return s.startsWith(prefix, pos);
    }

    private char charAt(int i) {
        return i < s.length() ? s.charAt(i) : '\0';
    }

    /** PostgreSQL's white space: space, tab, newline, carriage return, form feed, vertical tab. */
    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\u000B';
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    static boolean isIdentStart(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80;
    }

    static boolean isIdentContinue(char c) {
        return isIdentStart(c) || isDigit(c) || c == '$';
    }
}
