package io.dblab.platform.engines;

import com.fasterxml.jackson.databind.JsonNode;
import io.dblab.client.Json;
import io.dblab.client.transport.EngineReply;
import io.dblab.client.transport.EngineTransport;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An engine whose tunnel another instance holds: each request goes to that instance's
 * {@link RelayEndpoint} (TLS verified against the JVM's trust store), which sends it through the tunnel
 * and returns the engine's answer as it was.
 */
final class RelayTransport implements EngineTransport {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final Engine engine;
    private final TunnelPresence.Holder holder;
    private final RelayTicket tickets;

    RelayTransport(Engine engine, TunnelPresence.Holder holder, RelayTicket tickets) {
        this.engine = engine;
        this.holder = holder;
        this.tickets = tickets;
    }

    @Override
    public EngineReply exchange(String method, String path, String jsonBody) throws IOException {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("method", method);
        request.put("path", path);
        request.put("body", jsonBody);
        URI uri = URI.create(holder.relayUrl().replaceAll("/+$", "") + RelayEndpoint.PATH_PREFIX + engine.id());
        HttpRequest relayed = HttpRequest.newBuilder(uri).timeout(EngineConnections.REQUEST_TIMEOUT.plusSeconds(35))
                .header(RelayTicket.HEADER, tickets.issue(engine.id(), method, path, jsonBody))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(Json.mapper().writeValueAsString(request))).build();
        HttpResponse<String> answer;
        try {
            answer = HTTP.send(relayed, HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while relaying to " + target());
        } catch (IOException e) {
            throw new IOException("cannot reach the Platform instance " + holder.instanceId() + " at " + holder.relayUrl()
                    + " that holds the tunnel of engine " + engine.name() + ": " + e.getMessage(), e);
        }
        JsonNode json = Json.object(answer.body()).orElseThrow(() -> new IOException("the Platform instance "
                + holder.instanceId() + " answered the relay with HTTP " + answer.statusCode() + " and no JSON"));
        if (answer.statusCode() != 200) {
            throw new IOException(json.path("message").asText("the relay through instance " + holder.instanceId() + " failed"));
        }
        return new EngineReply(json.path("status").asInt(), json.path("contentType").asText(), json.path("body").asText());
    }

    @Override
    public String target() {
        return "engine " + engine.name() + " (through Platform instance " + holder.instanceId() + ")";
    }
}
