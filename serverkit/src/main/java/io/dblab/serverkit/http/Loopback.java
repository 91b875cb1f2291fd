package io.dblab.serverkit.http;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/** Whether a configured listen address is reachable only from this machine (DESIGN.md point 4). */
public final class Loopback {
    private static final Pattern LOOPBACK_IPV4 = Pattern.compile("^127(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}$");
    private static final Pattern IPV6_LITERAL = Pattern.compile("^(?=.*:)[0-9a-fA-F:][0-9a-fA-F:.]*$");

    private Loopback() {}

    /**
     * Only literal loopback addresses and "localhost" count: any other name is treated as reachable
     * from the network, because resolving it here could give a different answer than at bind time.
     */
    public static boolean isLoopback(String host) {
        if (host.equalsIgnoreCase("localhost") || LOOPBACK_IPV4.matcher(host).matches()) {
            return true;
        }
        String literal = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (!IPV6_LITERAL.matcher(literal).matches()) {
            return false;
        }
        try {
            // Only IPv6 literals get here, and InetAddress parses those without a DNS lookup.
            return InetAddress.getByName(literal).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
