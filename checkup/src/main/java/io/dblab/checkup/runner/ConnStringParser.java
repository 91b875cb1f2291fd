package io.dblab.checkup.runner;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Reads a {@code --conn} value the way libpq does: a URI ({@code postgresql://user@host:port/db?sslmode=require})
 * or a key=value string ({@code host=h port=5432 dbname=db user=u}, values may be single-quoted).
 * Missing parts come from PGHOST, PGPORT, PGDATABASE and PGUSER, then libpq's defaults. A password
 * in the value is refused: command lines are visible to every user of the machine.
 */
public final class ConnStringParser {
    /** libpq keys we understand and pass on; anything else is refused, as libpq refuses unknown keys. */
    private static final Set<String> PASSED_ON = Set.of("sslmode", "sslrootcert", "sslcert", "sslkey",
            "connect_timeout", "passfile", "gssencmode");
    private static final Set<String> IGNORED = Set.of("application_name", "fallback_application_name", "client_encoding");
    private static final Set<String> SECRET_KEYS = Set.of("password", "sslpassword");

    private final Map<String, String> env;
    private final String osUser;

    public ConnStringParser(Map<String, String> env, String osUser) {
        this.env = env;
        this.osUser = osUser;
    }

    public ConnStringParser(Map<String, String> env) {
        this(env, System.getProperty("user.name"));
    }

    public ConnTarget parse(String conn) {
        if (conn == null || conn.isBlank()) {
            throw new IllegalArgumentException("empty --conn value");
        }
        String trimmed = conn.trim();
        Map<String, String> values = trimmed.startsWith("postgresql://") || trimmed.startsWith("postgres://")
                ? fromUri(trimmed) : fromKeyValues(trimmed);
        for (String secret : SECRET_KEYS) {
            if (values.containsKey(secret)) {
                throw new IllegalArgumentException("a password in --conn is not accepted (command lines are visible to "
                        + "other users): use PGPASSWORD or ~/.pgpass");
            }
        }
        Map<String, String> params = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : values.entrySet()) {
            String key = e.getKey();
            if (Set.of("host", "hostaddr", "port", "dbname", "user").contains(key) || IGNORED.contains(key)) {
                continue;
            }
            if (!PASSED_ON.contains(key)) {
                throw new IllegalArgumentException("unsupported connection parameter '" + key + "' in --conn");
            }
            params.put(key, e.getValue());
        }
        String host = firstNonBlank(values.get("hostaddr"), values.get("host"), env.get("PGHOST"), "localhost");
        if (host.contains(",")) {
            throw new IllegalArgumentException("one host per --conn: give each host of the cluster its own --conn");
        }
        if (host.startsWith("/")) {
            throw new IllegalArgumentException("Unix-domain sockets are not supported (host=" + host
                    + "); connect over TCP, for example host=127.0.0.1");
        }
        String portText = firstNonBlank(values.get("port"), env.get("PGPORT"), "5432");
        int port;
        try {
            port = Integer.parseInt(portText.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("invalid port '" + portText + "' in --conn");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("invalid port " + port + " in --conn");
        }
        String user = firstNonBlank(values.get("user"), env.get("PGUSER"), osUser);
        String db = firstNonBlank(values.get("dbname"), env.get("PGDATABASE"), user);
        return new ConnTarget(host, port, db, user, params);
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
                    throw new IllegalArgumentException("invalid IPv6 address in --conn");
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
                    throw new IllegalArgumentException("invalid URI parameter '" + pair + "' in --conn");
                }
                values.put(decode(pair.substring(0, eq)), decode(pair.substring(eq + 1)));
            }
        }
        return values;
    }

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
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
                throw new IllegalArgumentException("invalid --conn: expected a URI (postgresql://user@host:port/db) "
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
                    throw new IllegalArgumentException("invalid --conn: unterminated quoted value of '" + key + "'");
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
                throw new IllegalArgumentException("invalid --conn: empty key");
            }
            values.put(key, value.toString());
        }
        return values;
    }

    private static String firstNonBlank(String... candidates) {
        for (String c : candidates) {
            if (c != null && !c.isBlank()) {
                return c;
            }
        }
        return null;
    }
}
