package io.dblab.joe.slack;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A real HTTP server on loopback in Slack's place: it answers the Web API methods Joe calls as Slack
 * does ({@code ok}, {@code ts}, an upload address and file ID) and keeps every request it got.
 */
final class FakeSlackWebApi implements AutoCloseable {
    /** One request: the path, the bearer token it carried, its form arguments or its raw bytes. */
    record Call(String path, String authorization, Map<String, String> form, byte[] body) {
        String arg(String name) {
            return form.get(name);
        }
    }

    private final HttpServer server;
    private final List<Call> calls = new CopyOnWriteArrayList<>();

    FakeSlackWebApi() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    String apiUrl() {
        return base() + "/api";
    }

    List<Call> calls(String path) {
        return calls.stream().filter(c -> c.path().equals(path)).toList();
    }

    List<Call> calls() {
        return List.copyOf(calls);
    }

    private String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        String path = exchange.getRequestURI().getPath();
        String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
        Map<String, String> form = contentType != null && contentType.startsWith("application/x-www-form-urlencoded")
                ? form(new String(body, StandardCharsets.UTF_8)) : Map.of();
        calls.add(new Call(path, exchange.getRequestHeaders().getFirst("Authorization"), form, body));
        String answer = switch (path) {
            case "/api/chat.postMessage" -> "{\"ok\":true,\"channel\":\"" + form.get("channel") + "\",\"ts\":\"1700000000."
                    + String.format("%06d", calls.size()) + "\"}";
            case "/api/files.getUploadURLExternal" -> "{\"ok\":true,\"upload_url\":\"" + base() + "/upload/F0001\","
                    + "\"file_id\":\"F0001\"}";
            case "/upload/F0001" -> "OK - " + body.length;
            case "/api/files.completeUploadExternal" -> "{\"ok\":true,\"files\":[{\"id\":\"F0001\"}]}";
            default -> "{\"ok\":false,\"error\":\"unknown_method\"}";
        };
        byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", path.startsWith("/api/") ? "application/json" : "text/plain");
        exchange.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static Map<String, String> form(String body) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
