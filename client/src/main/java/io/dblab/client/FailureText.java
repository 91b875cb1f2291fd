package io.dblab.client;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Sentences a person reads when the engine answers with an error: what went wrong in words, never an empty line. */
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
    private static final int MAX_BODY_TEXT = 200;

    private FailureText() {}

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


}
