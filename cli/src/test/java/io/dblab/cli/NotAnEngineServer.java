package io.dblab.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A real HTTP server on loopback that is not an engine: it refuses every request the way an engine
 * refuses a wrong token (or with another status and body, as a proxy in front of an engine might),
 * and remembers what it was sent. It exercises the client's error path over real HTTP without
 * pretending to be an engine.
 */
public final class NotAnEngineServer implements AutoCloseable {
    public static final String REFUSAL = "{\"code\":\"UNAUTHORIZED\",\"message\":\"Check your verification token.\"}";

    /** What one request carried. */
    public record Received(String method, String path, String token, String body) {}

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final int status;
    private final String body;

    public NotAnEngineServer() throws IOException {
        this(401, REFUSAL);
    }

    /** Answers every request with {@code status} and {@code body} (may be empty). */
    public NotAnEngineServer(int status, String body) throws IOException {
        this.status = status;
        this.body = body;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::refuse);
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public List<Received> received() {
        return received;
    }

    private void refuse(HttpExchange exchange) throws IOException {
        try (exchange) {
            received.add(new Received(
                    exchange.getRequestMethod(),
                    exchange.getRequestURI().getRawPath(),
                    exchange.getRequestHeaders().getFirst("Verification-Token"),
                    new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            // -1: no body at all, as some proxies answer
            exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
