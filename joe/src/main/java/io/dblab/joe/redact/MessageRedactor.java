package io.dblab.joe.redact;

import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces data values in one line of a server message with {@value #REDACTED}: quoted values ('…' and
 * "…"), the values of "Key (col)=(…)", byte sequences (0x…) and bare numbers, unless the value is one
 * the person wrote in their SQL or a name the server reports as the object concerned (table, column,
 * constraint, type, schema). Type modifiers such as varchar(5) are metadata and stay.
 */
public final class MessageRedactor {
    public static final String REDACTED = "[redacted]";
    private static final Pattern BYTES = Pattern.compile("0x[0-9a-fA-F]+(?: 0x[0-9a-fA-F]+)*");
    private static final Pattern NUMBER = Pattern.compile("-?\\d+(?:\\.\\d+)?(?:[eE][-+]?\\d+)?");
    private static final Pattern TYPE_MODIFIER = Pattern.compile("[A-Za-z_]\\(\\d+(?:,\\s*\\d+)?\\)");

    private final Predicate<String> allowed;

    public MessageRedactor(UserSql sql, Set<String> objectNames) {
        this.allowed = value -> sql.mentions(value) || objectNames.contains(value);
    }

    /**
     * One pass from left to right, so that a quote inside a key value or a key inside quotes is judged
     * once; numbers and bytes are looked for only in the text between the judged parts.
     */
    public String redact(String message) {
        if (message == null) {
            return null;
        }
        StringBuilder out = new StringBuilder();
        StringBuilder plain = new StringBuilder();
        int i = 0;
        while (i < message.length()) {
            char c = message.charAt(i);
            int end;
            String judged = null;
            if (c == '"' && (end = message.indexOf('"', i + 1)) > 0) {
                judged = '"' + keepOrRedact(message.substring(i + 1, end)) + '"';
            } else if (c == '\'' && opensQuote(message, i) && (end = closingQuote(message, i)) > 0) {
                judged = '\'' + keepOrRedact(message.substring(i + 1, end)) + '\'';
            } else if (c == '(' && (end = keyValuesEnd(message, i)) > 0) {
                int valuesStart = matchingParenthesis(message, i) + 3;
                plain.append(message, i, valuesStart);
                judged = keepOrRedactList(message.substring(valuesStart, end)) + ')';
            } else {
                end = i;
                plain.append(c);
            }
            if (judged != null) {
                out.append(bareValues(plain.toString())).append(judged);
                plain.setLength(0);
            }
            i = end + 1;
        }
        return out.append(bareValues(plain.toString())).toString();
    }

    /** An apostrophe inside a word ("can't") does not open a quoted value. */
    private static boolean opensQuote(String message, int at) {
        return at == 0 || !UserSql.isWordChar(message.charAt(at - 1));
    }

    private static int closingQuote(String message, int open) {
        for (int at = message.indexOf('\'', open + 1); at > 0; at = message.indexOf('\'', at + 1)) {
            if (at + 1 == message.length() || !UserSql.isWordChar(message.charAt(at + 1))) {
                return at;
            }
        }
        return -1;
    }

    /** Where the values of "(cols)=(values)" that starts here end (their closing parenthesis), or -1. */
    private static int keyValuesEnd(String message, int open) {
        int columnsEnd = matchingParenthesis(message, open);
        if (columnsEnd < 0 || !message.startsWith("=(", columnsEnd + 1)) {
            return -1;
        }
        return matchingParenthesis(message, columnsEnd + 2);
    }

    private static int matchingParenthesis(String message, int open) {
        int depth = 0;
        for (int at = open; at < message.length(); at++) {
            char c = message.charAt(at);
            depth += c == '(' ? 1 : c == ')' ? -1 : 0;
            if (depth == 0) {
                return at;
            }
        }
        return -1;
    }

    private String keepOrRedact(String value) {
        return allowed.test(value) ? value : REDACTED;
    }

    /** "(1, abc)" stays when the whole or every element was written by the person. */
    private String keepOrRedactList(String values) {
        if (allowed.test(values)) {
            return values;
        }
        for (String element : values.split(",\\s*")) {
            if (!allowed.test(element)) {
                return REDACTED;
            }
        }
        return values;
    }

    /** Byte sequences and numbers in the text between quoted values. */
    private String bareValues(String text) {
        return replaceUnallowed(NUMBER, replaceUnallowed(BYTES, text));
    }

    private String replaceUnallowed(Pattern pattern, String text) {
        Matcher match = pattern.matcher(text);
        StringBuilder out = new StringBuilder();
        int last = 0;
        while (match.find()) {
            boolean keep = !standsAlone(text, match.start(), match.end()) || partOfTypeModifier(text, match.start())
                    || allowed.test(match.group());
            out.append(text, last, match.start()).append(keep ? match.group() : REDACTED);
            last = match.end();
        }
        return out.append(text.substring(last)).toString();
    }

    private static boolean standsAlone(String text, int start, int end) {
        return (start == 0 || !UserSql.isWordChar(text.charAt(start - 1)) && text.charAt(start - 1) != '.')
                && (end == text.length() || !UserSql.isWordChar(text.charAt(end)));
    }

    private static boolean partOfTypeModifier(String text, int at) {
        Matcher modifier = TYPE_MODIFIER.matcher(text);
        while (modifier.find()) {
            if (modifier.start() < at && at < modifier.end()) {
                return true;
            }
        }
        return false;
    }
}
