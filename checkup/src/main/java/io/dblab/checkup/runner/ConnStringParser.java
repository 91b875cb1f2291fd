package io.dblab.checkup.runner;

import io.dblab.pg.conn.ConnInfo;
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
        Map<String, String> values = ConnInfo.parse(trimmed);
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

    private static String firstNonBlank(String... candidates) {
        for (String c : candidates) {
            if (c != null && !c.isBlank()) {
                return c;
            }
        }
        return null;
    }
}
