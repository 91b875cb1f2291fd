package io.dblab.joe.slack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dblab.client.Json;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The few methods of Slack's Web API Joe answers with, sent form-encoded (every method takes that)
 * with the bot token in {@code Authorization: Bearer}. Slack answers 200 with {@code "ok": false}
 * and an {@code error} code when a call fails; that, and any other failure, is a {@link SlackApiException}.
 */
final class SlackWebApi {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final ObjectMapper json = Json.mapper();
    private final String base;
    private final String botToken;

    SlackWebApi(String apiUrl, String botToken) {
        this.base = apiUrl.endsWith("/") ? apiUrl.substring(0, apiUrl.length() - 1) : apiUrl;
        this.botToken = botToken;
    }

    /** {@code chat.postMessage}: a reply in the thread. */
    void postMessage(String channel, String thread, String text) {
        call("chat.postMessage", Map.of("channel", channel, "thread_ts", thread, "text", text));
    }

    /**
     * A file shared in the thread, the way Slack takes uploads: {@code files.getUploadURLExternal}
     * names an address, the bytes go there, {@code files.completeUploadExternal} shares the file.
     */
    void uploadFile(String channel, String thread, String filename, String title, byte[] content) {
        JsonNode upload = call("files.getUploadURLExternal", Map.of("filename", filename,
                "length", Integer.toString(content.length)));
        String uploadUrl = upload.path("upload_url").asText("");
        String fileId = upload.path("file_id").asText("");
        if (uploadUrl.isEmpty() || fileId.isEmpty()) {
            throw new SlackApiException("files.getUploadURLExternal answered without upload_url or file_id");
        }
        // the upload address carries its own authorization: the bot token does not go there
        HttpResponse<String> sent = send(HttpRequest.newBuilder(URI.create(uploadUrl))
                .POST(HttpRequest.BodyPublishers.ofByteArray(content)), "the file upload");
        if (sent.statusCode() != 200) {
            throw new SlackApiException("the file upload answered HTTP " + sent.statusCode());
        }
        String files;
        try {
            files = json.writeValueAsString(List.of(Map.of("id", fileId, "title", title)));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        call("files.completeUploadExternal", Map.of("files", files, "channel_id", channel, "thread_ts", thread));
    }

    private JsonNode call(String method, Map<String, String> arguments) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(base + "/" + method))
                .header("Authorization", "Bearer " + botToken)
                .header("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(form(arguments))), method);
        if (response.statusCode() == 429) {
            throw new SlackApiException(method + " was rate-limited by Slack (Retry-After "
                    + response.headers().firstValue("Retry-After").orElse("?") + " s)");
        }
        JsonNode answer = Json.object(response.body()).orElseThrow(() -> new SlackApiException(method + " answered HTTP "
                + response.statusCode() + " without Slack's JSON"));
        if (!answer.path("ok").asBoolean()) {
            throw new SlackApiException(method + " failed: " + answer.path("error").asText("no error code"));
        }
        return answer;
    }

    private HttpResponse<String> send(HttpRequest.Builder request, String what) {
        try {
            return http.send(request.timeout(TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new SlackApiException(what + " could not reach " + base + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SlackApiException(what + " was interrupted");
        }
    }

    private static String form(Map<String, String> arguments) {
        return arguments.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    /** A Web API call that did not do what it was asked; the message names the method and Slack's error code. */
    static final class SlackApiException extends RuntimeException {
        SlackApiException(String message) {
            super(message);
        }
    }
}
