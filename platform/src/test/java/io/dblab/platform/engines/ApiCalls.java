package io.dblab.platform.engines;

import com.fasterxml.jackson.databind.JsonNode;
import io.dblab.client.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** The Platform's JSON API with one bearer token, as a script would call it. */
final class ApiCalls {
    private final String base;
    private final String token;
    private final HttpClient http = HttpClient.newHttpClient();

    ApiCalls(String base, String token) {
        this.base = base;
        this.token = token;
    }

    HttpResponse<String> send(String method, String path, String json) {
        return send(method, path, json, "Authorization", "Bearer " + token);
    }

    /** With one header of the caller's choosing (the API's is Authorization). */
    HttpResponse<String> send(String method, String path, String json, String header, String value) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + path)).header(header, value)
                .header("Content-Type", "application/json")
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json))
                .build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    HttpResponse<String> get(String path) {
        return send("GET", path, null);
    }

    /** The answer's JSON, after checking its status. */
    JsonNode json(HttpResponse<String> answer, int status) {
        if (answer.statusCode() != status) {
            throw new AssertionError("expected " + status + " from " + answer.request().method() + " " + answer.uri()
                    + ", got " + answer.statusCode() + ": " + answer.body());
        }
        try {
            return Json.mapper().readTree(answer.body());
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + answer.body(), e);
        }
    }
}
