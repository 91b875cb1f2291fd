package io.dblab.engine.config;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A source connection as the reference describes it ({@code host}, {@code port}, {@code dbname},
 * {@code username}; its {@code connection} object in server.yml and in {@code /admin} requests), and
 * the libpq connection string that means the same. Any part may be empty: libpq's default applies.
 * The password is never part of it (see {@link EngineConfig.Source}).
 */
public record SourceConnection(String host, Integer port, String dbname, String username) {
    public SourceConnection {
        host = blankToEmpty(host);
        dbname = blankToEmpty(dbname);
        username = blankToEmpty(username);
    }

    /** The libpq keyword form, each value quoted, in the order host, port, user, dbname. */
    public String connStr() {
        StringBuilder result = new StringBuilder();
        append(result, "host", host);
        append(result, "port", port == null ? "" : String.valueOf(port));
        append(result, "user", username);
        append(result, "dbname", dbname);
        return result.toString();
    }

    /** {@link #connStr()} followed by further libpq parameters (sslmode, options, …), each quoted; empty ones left out. */
    public String connStr(Map<String, String> parameters) {
        StringBuilder result = new StringBuilder(connStr());
        parameters.forEach((key, value) -> append(result, key, value));
        return result.toString();
    }

    /**
     * {@code connStr} with this connection's non-empty parts in place of its own, in the keyword
     * form: the other parameters it has (sslmode, options, …) are kept, so that changing the host
     * through {@code POST /admin/config} does not drop them.
     */
    public String over(String connStr) {
        Map<String, String> parameters = new LinkedHashMap<>(connStr == null || connStr.isBlank() ? Map.of()
                : parameters(connStr));
        SourceConnection current = of(connStr == null ? "" : connStr);
        SourceConnection merged = new SourceConnection(host.isEmpty() ? current.host : host,
                port == null ? current.port : port, dbname.isEmpty() ? current.dbname : dbname,
                username.isEmpty() ? current.username : username);
        for (String key : List.of("host", "port", "user", "dbname")) {
            parameters.remove(key);
        }
        return merged.connStr(parameters);
    }

    /**
     * The connection a libpq connection string names, keyword or URI form; the parts it leaves out are
     * empty. Other parameters (sslmode, options) are not part of the reference's object and are left out.
     */
    public static SourceConnection of(String connStr) {
        Map<String, String> parameters = parameters(connStr);
        String port = parameters.getOrDefault("port", "");
        return new SourceConnection(parameters.get("host"), port.matches("\\d{1,5}") ? Integer.valueOf(port) : null,
                parameters.get("dbname"), parameters.get("user"));
    }

    private static Map<String, String> parameters(String connStr) {
        return connStr.startsWith("postgres://") || connStr.startsWith("postgresql://")
                ? uriParameters(connStr) : keywordParameters(connStr);
    }

    private static void append(StringBuilder result, String key, String value) {
        if (value.isEmpty()) {
            return;
        }
        if (!result.isEmpty()) {
            result.append(' ');
        }
        result.append(key).append("='").append(value.replace("\\", "\\\\").replace("'", "\\'")).append('\'');
    }

    /** libpq's keyword=value pairs: values unquoted or single-quoted with backslash escapes. */
    static Map<String, String> keywordParameters(String connStr) {
        Map<String, String> parameters = new LinkedHashMap<>();
        int i = 0;
        int n = connStr.length();
        while (i < n) {
            while (i < n && Character.isWhitespace(connStr.charAt(i))) {
                i++;
            }
            int keyStart = i;
            while (i < n && connStr.charAt(i) != '=' && !Character.isWhitespace(connStr.charAt(i))) {
                i++;
            }
            String key = connStr.substring(keyStart, i);
            while (i < n && Character.isWhitespace(connStr.charAt(i))) {
                i++;
            }
            if (key.isEmpty() || i >= n || connStr.charAt(i) != '=') {
                break;
            }
            i++;
            while (i < n && Character.isWhitespace(connStr.charAt(i))) {
                i++;
            }
            StringBuilder value = new StringBuilder();
            boolean quoted = i < n && connStr.charAt(i) == '\'';
            if (quoted) {
                i++;
            }
            while (i < n) {
                char c = connStr.charAt(i);
                if (quoted ? c == '\'' : Character.isWhitespace(c)) {
                    i++;
                    break;
                }
                if (c == '\\' && i + 1 < n) {
                    c = connStr.charAt(++i);
                }
                value.append(c);
                i++;
            }
            parameters.put(key, value.toString());
        }
        return parameters;
    }

    private static Map<String, String> uriParameters(String connStr) {
        Map<String, String> parameters = new LinkedHashMap<>();
        URI uri = URI.create(connStr);
        String userInfo = uri.getRawUserInfo();
        if (userInfo != null) {
            parameters.put("user", decode(userInfo.split(":", 2)[0]));
        }
        if (uri.getHost() != null) {
            parameters.put("host", uri.getHost());
        }
        if (uri.getPort() >= 0) {
            parameters.put("port", String.valueOf(uri.getPort()));
        }
        String path = uri.getRawPath();
        if (path != null && path.length() > 1) {
            parameters.put("dbname", decode(path.substring(1)));
        }
        String query = uri.getRawQuery();
        if (query != null) {
            for (String pair : query.split("&")) {
                String[] keyValue = pair.split("=", 2);
                if (keyValue.length == 2) {
                    parameters.put(decode(keyValue[0]), decode(keyValue[1]));
                }
            }
        }
        return parameters;
    }

    private static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }

    private static String blankToEmpty(String value) {
        return value == null ? "" : value.strip();
    }
}
