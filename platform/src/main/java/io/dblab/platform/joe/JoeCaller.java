package io.dblab.platform.joe;

import com.fasterxml.jackson.databind.JsonNode;
import io.dblab.client.Json;
import io.dblab.platform.auth.Refusal;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Sends one chat command to a registered Joe's {@code POST /api/commands}, with the command token that Joe
 * gave at registration, and reads the answer: Joe answers with plans, summaries and advice, never rows.
 */
public final class JoeCaller {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** A first command makes the person's clone, which takes a while. */
    private static final Duration REQUEST_TIMEOUT = Duration.ofMinutes(3);
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build();

    /** One insight of a plan: where, what was found, and what to do. */
    public record Insight(String node, String finding, String fix) {
    }

    /** Joe's answer as the chat page shows it: its text (with the plan and its summary) and the plan's insights. */
    public record JoeAnswer(String outcome, String command, String text, List<Insight> insights) {
        public boolean ok() {
            return "ok".equals(outcome);
        }
    }

    public JoeAnswer send(String url, String token, String user, String channel, String text) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("user", user);
        body.put("channel", channel);
        body.put("text", text);
        HttpResponse<String> response;
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(url.replaceAll("/+$", "") + "/api/commands"))
                    .timeout(REQUEST_TIMEOUT).header("Authorization", "Bearer " + token)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(Json.mapper().writeValueAsString(body))).build();
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw Refusal.conflict("Joe at " + url + " did not answer (" + (e.getMessage() == null ? "connection failed"
                    : e.getMessage()) + "); is it running?");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw Refusal.conflict("interrupted while waiting for Joe at " + url);
        }
        JsonNode answer = Json.object(response.body()).orElseThrow(() -> Refusal.conflict("Joe at " + url
                + " answered HTTP " + response.statusCode() + " without JSON"));
        if (response.statusCode() == 401) {
            throw Refusal.conflict("Joe at " + url + " refused the Platform's token; restart that Joe so that it registers again");
        }
        if (!answer.has("outcome")) {
            throw Refusal.conflict("Joe at " + url + " refused the command: " + answer.path("message").asText("HTTP "
                    + response.statusCode()));
        }
        List<Insight> insights = new ArrayList<>();
        answer.path("insights").forEach(i -> insights.add(new Insight(i.path("node").asText(""),
                i.path("finding").asText(""), i.path("fix").asText(""))));
        return new JoeAnswer(answer.path("outcome").asText(), answer.path("command").asText(""), answer.path("text").asText(""),
                insights);
    }
}
