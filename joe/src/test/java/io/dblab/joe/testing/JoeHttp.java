package io.dblab.joe.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** A chat front end for tests: talks to a Joe server over real HTTP on loopback, as any client would. */
public final class JoeHttp {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http;
    private final String base;
    private final String token;

    public JoeHttp(int port, String token) {
        this("http://127.0.0.1:" + port, token, HttpClient.newBuilder());
    }

    /** @param base {@code http://host:port} or {@code https://…} with a client builder that trusts the certificate */
    public JoeHttp(String base, String token, HttpClient.Builder client) {
        this.http = client.connectTimeout(Duration.ofSeconds(5)).build();
        this.base = base;
        this.token = token;
    }

    /** The body of POST /api/commands; the raw text too, for searching. */
    public record Reply(int status, String body, JsonNode json) {
        public String text() {
            return json.path("text").asText();
        }

        public boolean ok() {
            return json.path("ok").asBoolean();
        }
    }

    public Reply command(String user, String channel, String text) {
        ObjectNode body = JSON.createObjectNode().put("user", user).put("channel", channel).put("text", text);
        return send("POST", "/api/commands", body.toString(), token);
    }

    public Reply send(String method, String path, String body, String bearer) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofMinutes(3))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode json;
            try {
                json = JSON.readTree(response.body());
            } catch (IOException notJson) {
                json = JSON.createObjectNode();
            }
            return new Reply(response.statusCode(), response.body(), json == null ? JSON.createObjectNode() : json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public Reply get(String path) {
        return send("GET", path, null, token);
    }

    public static String query(String user, String channel) {
        return "?user=" + URLEncoder.encode(user, StandardCharsets.UTF_8) + "&channel=" + URLEncoder.encode(channel, StandardCharsets.UTF_8);
    }
}
