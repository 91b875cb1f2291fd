package io.dblab.joe.plan;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.stream.Collectors;

/** PostgreSQL's quote_identifier(): EXPLAIN's JSON holds bare names, its text form quotes them. */
public final class Identifiers {
    private static final Set<String> QUOTED_KEYWORDS = loadKeywords();

    private Identifiers() {
    }

    public static String quote(String name) {
        return isSafe(name) ? name : '"' + name.replace("\"", "\"\"") + '"';
    }

    private static boolean isSafe(String name) {
        if (name.isEmpty() || !(isLower(name.charAt(0)) || name.charAt(0) == '_')) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!(isLower(c) || (c >= '0' && c <= '9') || c == '_')) {
                return false;
            }
        }
        return !QUOTED_KEYWORDS.contains(name);
    }

    private static boolean isLower(char c) {
        return c >= 'a' && c <= 'z';
    }

    private static Set<String> loadKeywords() {
        try (InputStream in = Identifiers.class.getResourceAsStream("quoted-keywords.txt")) {
            if (in == null) {
                throw new IllegalStateException("quoted-keywords.txt is missing from the classpath");
            }
            return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines()
                    .map(String::strip).filter(line -> !line.isEmpty() && !line.startsWith("#"))
                    .collect(Collectors.toUnmodifiableSet());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
