package io.dblab.client;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URLDecoder;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertificateException;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;

/**
 * Sentences a person reads when a request fails: what went wrong in words, never a Java class name
 * (a bare {@code ConnectException} has no message at all) and never an empty line.
 */
final class FailureText {
    private static final Map<Integer, String> REASONS = Map.ofEntries(
            Map.entry(400, "Bad Request"), Map.entry(401, "Unauthorized"), Map.entry(403, "Forbidden"),
            Map.entry(404, "Not Found"), Map.entry(405, "Method Not Allowed"), Map.entry(409, "Conflict"),
            Map.entry(413, "Payload Too Large"), Map.entry(429, "Too Many Requests"),
            Map.entry(500, "Internal Server Error"), Map.entry(502, "Bad Gateway"),
            Map.entry(503, "Service Unavailable"), Map.entry(504, "Gateway Timeout"));
    /** The resources the API names in its paths, as {@code /clone/{id}…}. */
    private static final Map<String, String> RESOURCES = Map.of("clone", "clone", "snapshot", "snapshot",
            "branch", "branch");
    /** Java's way of naming a cause inside a message: "java.io.EOFException: …" and the like. */
    private static final Pattern CLASS_PREFIX = Pattern.compile("\\b(?:[a-z][a-z0-9_]*\\.)+[A-Z][A-Za-z0-9_$]*(?:Exception|Error):\\s*");
    private static final int MAX_BODY_TEXT = 200;

    private FailureText() {}

    /** Why a request got no answer at all, such as "connection refused (is the engine running?)". */
    static String transport(IOException e, String host, Duration requestTimeout) {
        if (e instanceof HttpConnectTimeoutException) {
            return "no connection within " + seconds(DblabClient.CONNECT_TIMEOUT) + " (is the host reachable?)";
        }
        if (e instanceof HttpTimeoutException) {
            return "no answer within " + seconds(requestTimeout) + " (the request timeout)";
        }
        if (has(e, UnresolvedAddressException.class)) {
            return "unknown host '" + host + "'";
        }
        if (has(e, SSLException.class)) {
            if (has(e, CertPathBuilderException.class)) {
                return "its TLS certificate is not signed by an authority this Java trusts";
            }
            if (has(e, CertificateException.class)) {
                return "its TLS certificate does not fit: " + deepestMessage(e);
            }
            return "the TLS handshake failed: " + deepestMessage(e)
                    + " (does the engine speak https on this port?)";
        }
        if (e instanceof ConnectException || has(e, ConnectException.class)) {
            String reason = deepestMessage(e);
            return (reason.isEmpty() ? "connection refused" : reason.toLowerCase(java.util.Locale.ROOT))
                    + " (is the engine running, on this host and port?)";
        }
        String reason = deepestMessage(e);
        return reason.isEmpty() ? "the connection failed" : reason;
    }

    /**
     * An error answer whose body is not the API's error JSON (a proxy's page, an empty body): the
     * status and what was asked, like "404 Not Found: no clone 'x'".
     */
    static String status(int status, String method, String path, String body) {
        String line = status + " " + REASONS.getOrDefault(status, "HTTP error");
        String asked = status == 404 ? missing(method, path) : method + " " + path;
        String text = plainText(body);
        return line + ": " + asked + (text.isEmpty() ? "" : " (" + text + ")");
    }

    private static String missing(String method, String path) {
        String[] segments = path.replaceFirst("\\?.*", "").split("/");
        if (segments.length >= 3 && RESOURCES.containsKey(segments[1])) {
            return "no " + RESOURCES.get(segments[1]) + " '" + URLDecoder.decode(segments[2], StandardCharsets.UTF_8) + "'";
        }
        return "nothing at " + method + " " + path;
    }

    /** A short plain-text body says something; an HTML page or JSON of another shape does not. */
    private static String plainText(String body) {
        String text = body == null ? "" : body.strip();
        if (text.isEmpty() || text.startsWith("<") || text.startsWith("{") || text.startsWith("[")) {
            return "";
        }
        String firstLine = text.lines().findFirst().orElse("");
        return firstLine.length() > MAX_BODY_TEXT ? firstLine.substring(0, MAX_BODY_TEXT) + "…" : firstLine;
    }

    private static boolean has(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    /** The most specific message in the chain of causes, without the class names Java puts in. */
    private static String deepestMessage(Throwable e) {
        String message = "";
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                message = t.getMessage();
            }
        }
        return CLASS_PREFIX.matcher(message).replaceAll("").strip();
    }

    private static String seconds(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + " s" : duration.toMillis() + " ms";
    }
}
