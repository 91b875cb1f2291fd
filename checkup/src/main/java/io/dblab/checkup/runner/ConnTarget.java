package io.dblab.checkup.runner;

import java.util.Map;
import java.util.TreeMap;

/**
 * One host to check, parsed from a {@code --conn} value: where it is, which database and user, and
 * the libpq parameters that have a pgjdbc counterpart (SSL, connect timeout). It never holds a
 * password: that comes from the environment or a password file when connecting.
 */
public record ConnTarget(String host, int port, String database, String user, Map<String, String> params) {
    public ConnTarget {
        params = Map.copyOf(new TreeMap<>(params));
    }

    /** host:port, the host's name in the report ({@code [::1]:5432} for IPv6 addresses). */
    public String name() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    /** Whether the host is this machine (loopback), so that its RAM can be read locally. */
    public boolean isLocal() {
        return isLoopback(host);
    }

    public static boolean isLoopback(String host) {
        String h = host.toLowerCase(java.util.Locale.ROOT);
        return h.equals("localhost") || h.equals("::1") || h.startsWith("127.") || h.startsWith("/");
    }
}
