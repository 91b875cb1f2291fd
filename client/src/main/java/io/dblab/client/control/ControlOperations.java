package io.dblab.client.control;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The engine operations the Platform may ask for (DESIGN.md point 1): status, listing snapshots and
 * branches, creating snapshots, and creating, reading, protecting, resetting and destroying clones.
 * Nothing that reads data, changes configuration, deletes snapshots or branches, or refreshes.
 * The engine enforces this list for every request that comes from the Platform; the tunnel connector
 * checks it as well, so a compromised Platform meets two refusals. One list, used by both.
 */
public final class ControlOperations {
    /** A name or ID the engine makes or accepts: no slash (snapshot IDs hold "@"), and no leading dot, so never "." or "..". */
    private static final String ID = "[A-Za-z0-9_][A-Za-z0-9_.@:-]*";

    private record Operation(String method, Pattern path) {
        boolean matches(String requestMethod, String requestPath) {
            return method.equals(requestMethod) && path.matcher(requestPath).matches();
        }
    }

    private static final List<Operation> ALLOWED = List.of(
            op("GET", "/healthz"),
            op("GET", "/status"),
            op("GET", "/snapshots"),
            op("GET", "/snapshot/" + ID),
            op("POST", "/snapshot"),
            op("GET", "/branches"),
            op("GET", "/clones"),
            op("POST", "/clone"),
            op("GET", "/clone/" + ID),
            op("PATCH", "/clone/" + ID),
            op("POST", "/clone/" + ID + "/reset"),
            op("DELETE", "/clone/" + ID));

    private ControlOperations() {
    }

    /**
     * Whether the Platform may send this request. {@code target} is the request's path as sent, with
     * its query, if any; the query does not change the operation (only {@code GET /snapshots?branch=…}
     * has one).
     */
    public static boolean permits(String method, String target) {
        if (method == null || target == null) {
            return false;
        }
        int query = target.indexOf('?');
        String path = decoded(query < 0 ? target : target.substring(0, query));
        String upper = method.toUpperCase(Locale.ROOT);
        return path != null && ALLOWED.stream().anyMatch(op -> op.matches(upper, path));
    }

    /**
     * The path with its percent-escapes decoded once, as a server routes it ({@code %40} in a snapshot
     * ID is "@"); null when an escape is malformed. What decodes to "..", "/" or "%" then fails the
     * patterns like its plain spelling.
     */
    private static String decoded(String path) {
        if (path.indexOf('%') < 0) {
            return path;
        }
        try {
            // '+' stands for itself in a path; URLDecoder would make it a space
            return URLDecoder.decode(path.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static Operation op(String method, String pathRegex) {
        return new Operation(method, Pattern.compile(pathRegex));
    }
}
