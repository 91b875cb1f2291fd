package io.dblab.joe.guard;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits deparsed SQL into the pieces the guard judges. Works on what PostgreSQL prints (standard
 * quoting: a doubled quote inside quotes), not on arbitrary input; anything it does not recognise is
 * an {@link Token.Kind#OTHER} piece, which carries no name or value.
 */
final class SqlTokenizer {
    private static final Pattern CAST = Pattern.compile("^::\\s*((?:\"(?:[^\"]|\"\")*\"|[A-Za-z_][A-Za-z0-9_$]*)"
            + "(?:\\.(?:\"(?:[^\"]|\"\")*\"|[A-Za-z_][A-Za-z0-9_$]*))?)");
    private static final Pattern NUMBER = Pattern.compile("^\\d+(?:\\.\\d+)?(?:[eE][-+]?\\d+)?");

    private SqlTokenizer() {
    }

    static List<Token> tokens(String text) {
        List<Token> tokens = new ArrayList<>();
        StringBuilder other = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            Token token = null;
            int end = i;
            if (c == '\'' || c == '"') {
                int close = closingQuote(text, i);
                end = close < 0 ? text.length() : close;
                String quoted = text.substring(i + 1, close < 0 ? end : end - 1);
                String content = quoted.replace(String.valueOf(c) + c, String.valueOf(c));
                if (c == '"') {
                    token = new Token(Token.Kind.QUOTED_NAME, text.substring(i, end), content, null);
                } else {
                    Matcher cast = CAST.matcher(text.substring(end));
                    token = new Token(Token.Kind.LITERAL, text.substring(i, end), content,
                            cast.find() ? unquote(cast.group(1)) : null);
                }
            } else if (isWordStart(c)) {
                end = i + 1;
                while (end < text.length() && isWordPart(text.charAt(end))) {
                    end++;
                }
                token = new Token(Token.Kind.WORD, text.substring(i, end), text.substring(i, end), null);
            } else if (Character.isDigit(c)) {
                Matcher number = NUMBER.matcher(text.substring(i));
                number.find();
                end = i + number.end();
                token = new Token(Token.Kind.NUMBER, number.group(), number.group(), null);
            }
            if (token == null) {
                other.append(c);
                i++;
            } else {
                if (!other.isEmpty()) {
                    tokens.add(Token.other(other.toString()));
                    other.setLength(0);
                }
                tokens.add(token);
                i = end;
            }
        }
        if (!other.isEmpty()) {
            tokens.add(Token.other(other.toString()));
        }
        return tokens;
    }

    /** The index after the closing quote, or -1 when the quote is not closed. */
    private static int closingQuote(String text, int open) {
        char quote = text.charAt(open);
        int at = open + 1;
        while (at < text.length()) {
            if (text.charAt(at) == quote) {
                if (at + 1 < text.length() && text.charAt(at + 1) == quote) {
                    at += 2;
                    continue;
                }
                return at + 1;
            }
            at++;
        }
        return -1;
    }

    /** A type name as written after "::": quotes removed, schema kept ("public.mood"). */
    private static String unquote(String type) {
        return type.replace("\"", "");
    }

    static boolean isWordStart(char c) {
        return Character.isLetter(c) || c == '_';
    }

    static boolean isWordPart(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '$';
    }
}
