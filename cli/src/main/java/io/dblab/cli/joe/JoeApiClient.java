package io.dblab.cli.joe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dblab.cli.CommandFailedException;
import io.dblab.client.Json;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Map;

/**
 * Joe's {@code POST /api/commands} for the CLI, over {@code java.net.http} (the {@code client}
 * module speaks the engine's API only). Failures a person can act on are one sentence each: the
 * token refused, Joe not reachable, an answer that is not Joe's.
 */
final class JoeApiClient {
    /** A first command makes a clone, and a statement may run for Joe's statement timeout (10 min by default). */
    static final Duration REQUEST_TIMEOUT = Duration.ofMinutes(30);
    private static final int UNAUTHORIZED = 401;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final ObjectMapper json = Json.mapper();
    private final URI base;
    private final String token;

    JoeApiClient(URI base, String token) {
        this.base = base;
        this.token = token;
    }

    /** Joe's answer: its HTTP status and its JSON, an answer ({@code text}, …) or an error ({@code code}, {@code message}). */
    record Reply(int status, JsonNode json) {
        String text() {
            return json.path("text").asText(json.path("message").asText(""));
        }
    }

    Reply command(String user, String channel, String text) {
        String body;
        try {
            body = json.writeValueAsString(Map.of("user", user, "channel", channel, "text", text));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/api/commands")).timeout(REQUEST_TIMEOUT)
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        HttpResponse<String> response = send(request);
        if (response.statusCode() == UNAUTHORIZED) {
            throw new CommandFailedException("Joe at " + base + " refused the token: set JOE_TOKEN to Joe's API token"
                    + " (server.token of its joe.yml, or the JOE_TOKEN it was started with)");
        }
        JsonNode answer = Json.object(response.body()).orElseThrow(() -> new CommandFailedException(base + " answered HTTP "
                + response.statusCode() + " without Joe's JSON (is it Joe's address? set --joe or JOE_URL)"));
        return new Reply(response.statusCode(), answer);
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException e) {
            throw new CommandFailedException("cannot reach Joe at " + base + ": connection refused (is Joe running there?"
                    + " start it with ./dblab joe run, or set --joe or JOE_URL)");
        } catch (HttpTimeoutException e) {
            throw new CommandFailedException("Joe at " + base + " did not answer within " + REQUEST_TIMEOUT.toMinutes()
                    + " minutes");
        } catch (IOException e) {
            throw new CommandFailedException("cannot reach Joe at " + base + ": " + (e.getMessage() == null
                    ? "the connection failed" : e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CommandFailedException("interrupted while waiting for Joe at " + base);
        }
    }
}
