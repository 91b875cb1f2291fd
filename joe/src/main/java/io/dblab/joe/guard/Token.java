package io.dblab.joe.guard;

/**
 * One piece of a text PostgreSQL deparsed (an expression, an index definition, a plan's filter).
 * {@code value} is what the piece stands for: a quoted literal's or quoted name's content without its
 * quotes, the text itself otherwise; {@code castType} is the type a literal is cast to ({@code ::text}),
 * or null.
 */
record Token(Kind kind, String raw, String value, String castType) {
    enum Kind {
        /** An unquoted word: a name, a keyword, a type. */
        WORD,
        /** A "double-quoted" name. */
        QUOTED_NAME,
        /** A 'single-quoted' literal. */
        LITERAL,
        /** A number standing alone (not part of a word). */
        NUMBER,
        /** Anything else: operators, punctuation, blanks. */
        OTHER
    }

    static Token other(String raw) {
        return new Token(Kind.OTHER, raw, raw, null);
    }
}
