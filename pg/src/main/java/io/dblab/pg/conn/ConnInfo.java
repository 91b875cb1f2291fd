package io.dblab.pg.conn;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * libpq's connection strings, read as libpq reads them: the URI form ({@code postgresql://user@host:5432/db?sslmode=require})
 * and the keyword form ({@code host=db port=5432 dbname='my db'}, values unquoted or single-quoted,
 * backslash escapes). A password in a URI's user part is recorded as {@code password} with the value
 * {@code (given)}, never its text, so that callers can refuse it without holding it.
 */
public final class ConnInfo {
    private ConnInfo() {}

    /** The parameters of {@code conn}, in order; an {@link IllegalArgumentException} that quotes no value when it is malformed. */
    public static Map<String, String> parse(String conn) {
        String trimmed = conn.strip();
        return isUri(trimmed) ? fromUri(trimmed) : fromKeyValues(trimmed);
    }

    /** Whether {@code conn} is in the URI form. */
    public static boolean isUri(String conn) {
        String trimmed = conn.strip();
        return trimmed.startsWith("postgresql://") || trimmed.startsWith("postgres://");
    }

    private static Map<String, String> fromUri(String uri) {
        Map<String, String> values = new LinkedHashMap<>();
        String rest = uri.substring(uri.indexOf("://") + 3);
        String query = null;
        int q = rest.indexOf('?');
        if (q >= 0) {
            query = rest.substring(q + 1);
            rest = rest.substring(0, q);
        }
        String path = null;
        int slash = rest.indexOf('/');
        if (slash >= 0) {
            path = rest.substring(slash + 1);
            rest = rest.substring(0, slash);
        }
        int at = rest.lastIndexOf('@');
        if (at >= 0) {
            String userInfo = rest.substring(0, at);
            rest = rest.substring(at + 1);
            int colon = userInfo.indexOf(':');
            if (colon >= 0) {
                values.put("password", "(given)");
                userInfo = userInfo.substring(0, colon);
            }
            if (!userInfo.isEmpty()) {
                values.put("user", decode(userInfo));
            }
        }
        if (!rest.isEmpty()) {
            String hostPart = rest;
            String portPart = null;
            if (hostPart.startsWith("[")) {
                int close = hostPart.indexOf(']');
                if (close < 0) {
                    throw new IllegalArgumentException("invalid IPv6 address");
                }
                String after = hostPart.substring(close + 1);
                hostPart = hostPart.substring(1, close);
                if (after.startsWith(":")) {
                    portPart = after.substring(1);
                }
            } else if (hostPart.contains(",")) {
                values.put("host", hostPart);
                hostPart = null;
            } else {
                int colon = hostPart.lastIndexOf(':');
                if (colon >= 0) {
                    portPart = hostPart.substring(colon + 1);
                    hostPart = hostPart.substring(0, colon);
                }
            }
            if (hostPart != null && !hostPart.isEmpty()) {
                values.put("host", decode(hostPart));
            }
            if (portPart != null && !portPart.isEmpty()) {
                values.put("port", portPart);
            }
        }
        if (path != null && !path.isEmpty()) {
            values.put("dbname", decode(path));
        }
        if (query != null && !query.isEmpty()) {
            for (String pair : query.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                if (eq < 0) {
                    throw new IllegalArgumentException("invalid URI parameter '" + pair + "'");
                }
                values.put(decode(pair.substring(0, eq)), decode(pair.substring(eq + 1)));
            }
        }
        return values;
    }

    private static Map<String, String> fromKeyValues(String text) {
        Map<String, String> values = new LinkedHashMap<>();
        int i = 0;
        int n = text.length();
        while (i < n) {
            while (i < n && Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            if (i >= n) {
                break;
            }
            int keyStart = i;
            while (i < n && text.charAt(i) != '=' && !Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            String key = text.substring(keyStart, i);
            while (i < n && Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            if (i >= n || text.charAt(i) != '=') {
                throw new IllegalArgumentException("invalid connection string: expected a URI (postgresql://user@host:port/db) "
                        + "or key=value pairs, missing '=' after '" + key + "'");
            }
            i++;
            while (i < n && Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            StringBuilder value = new StringBuilder();
            if (i < n && text.charAt(i) == '\'') {
                i++;
                boolean closed = false;
                while (i < n) {
                    char c = text.charAt(i++);
                    if (c == '\\' && i < n) {
                        value.append(text.charAt(i++));
                    } else if (c == '\'') {
                        closed = true;
                        break;
                    } else {
                        value.append(c);
                    }
                }
                if (!closed) {
                    throw new IllegalArgumentException("invalid connection string: unterminated quoted value of '" + key + "'");
                }
            } else {
                while (i < n && !Character.isWhitespace(text.charAt(i))) {
                    char c = text.charAt(i++);
                    if (c == '\\' && i < n) {
                        value.append(text.charAt(i++));
                    } else {
                        value.append(c);
                    }
                }
            }
            if (key.isEmpty()) {
                throw new IllegalArgumentException("invalid connection string: empty key");
            }
            values.put(key, value.toString());
        }
        return values;
    }

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }
}
