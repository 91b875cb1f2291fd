package io.dblab.engine.config;

import io.dblab.pg.conn.ConnInfo;
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
                : ConnInfo.parse(connStr));
        SourceConnection current = of(connStr == null ? "" : connStr);
        SourceConnection merged = new SourceConnection(host.isEmpty() ? current.host : host,
                port == null ? current.port : port, dbname.isEmpty() ? current.dbname : dbname,
                username.isEmpty() ? current.username : username);
        // a password never comes from a connection string here (the configuration refuses one there)
        for (String key : List.of("host", "port", "user", "dbname", "password")) {
            parameters.remove(key);
        }
        return merged.connStr(parameters);
    }

    /**
     * The connection a libpq connection string names, keyword or URI form; the parts it leaves out are
     * empty. Other parameters (sslmode, options) are not part of the reference's object and are left out.
     */
    public static SourceConnection of(String connStr) {
        Map<String, String> parameters = connStr.isBlank() ? Map.of() : ConnInfo.parse(connStr);
        String port = parameters.getOrDefault("port", "");
        return new SourceConnection(parameters.get("host"), port.matches("\\d{1,5}") ? Integer.valueOf(port) : null,
                parameters.get("dbname"), parameters.get("user"));
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

    private static String blankToEmpty(String value) {
        return value == null ? "" : value.strip();
    }
}
