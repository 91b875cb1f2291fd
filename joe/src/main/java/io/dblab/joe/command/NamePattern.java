package io.dblab.joe.command;

import java.util.Optional;

/**
 * A psql-style name pattern ({@code orders}, {@code public.order*}, {@code "Mixed"}) as LIKE patterns
 * for the schema and the name: unquoted parts fold to lower case, {@code *} and {@code ?} are wildcards,
 * everything else matches itself.
 */
record NamePattern(Optional<String> schema, String name) {
    static final NamePattern ANY = new NamePattern(Optional.empty(), "%");

    static NamePattern parse(String pattern) {
        int dot = unquotedDot(pattern);
        if (dot < 0) {
            return new NamePattern(Optional.empty(), like(pattern));
        }
        return new NamePattern(Optional.of(like(pattern.substring(0, dot))), like(pattern.substring(dot + 1)));
    }

    String schemaOrAny() {
        return schema.orElse("%");
    }

    private static int unquotedDot(String pattern) {
        boolean quoted = false;
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == '.' && !quoted) {
                return i;
            }
        }
        return -1;
    }

    private static String like(String part) {
        StringBuilder out = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < part.length(); i++) {
            char c = part.charAt(i);
            if (c == '"') {
                if (quoted && i + 1 < part.length() && part.charAt(i + 1) == '"') {
                    out.append('"');
                    i++;
                } else {
                    quoted = !quoted;
                }
            } else if (!quoted && c == '*') {
                out.append('%');
            } else if (!quoted && c == '?') {
                out.append('_');
            } else if (c == '%' || c == '_' || c == '\\') {
                out.append('\\').append(c);
            } else {
                out.append(quoted ? c : Character.toLowerCase(c));
            }
        }
        return out.toString();
    }
}
