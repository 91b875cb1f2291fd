package io.dblab.client.platform;

import io.dblab.client.Json;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Path;
import java.time.Duration;
import javax.net.ssl.SSLException;

/**
 * The Platform's JSON API as Joe and {@code dblab checkup upload} call it: {@code Authorization: Bearer}
 * with an organization's API token, TLS verified against the JVM's authorities or a given CA file. A
 * request that gets no answer at all is an {@link IOException} whose message says why in words.
 */
public final class PlatformApi {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private final URI base;
    private final String token;
    private final Duration timeout;
    private final HttpClient http;

    /** An answer: its status and body; {@link #message} is the API's {@code message} when it sent one. */
    public record Reply(int status, String body) {
        public boolean ok() {
            return status >= 200 && status < 300;
        }

        public String message() {
            return Json.object(body).map(n -> n.path("message").asText(null)).filter(m -> m != null && !m.isBlank())
                    .orElse("HTTP " + status);
        }
    }

    /** @param caFile a PEM file of the authorities to trust instead of the JVM's; null for the JVM's */
    public PlatformApi(URI base, String token, Path caFile, Duration timeout) {
        String url = base.toString();
        this.base = URI.create(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
        this.token = token;
        this.timeout = timeout;
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT);
        if (caFile != null) {
            builder.sslContext(TrustedCa.context(caFile));
        }
        this.http = builder.build();
    }

    public URI base() {
        return base;
    }

    /** POSTs a JSON body to a path under the API (like {@code /api/joe/instances}). */
    public Reply post(String path, String jsonBody) throws IOException {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(jsonBody)));
    }

    /** GETs a path under the API (like {@code /api/organizations}). */
    public Reply get(String path) throws IOException {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
    }

    private Reply send(HttpRequest.Builder builder) throws IOException {
        HttpRequest request = builder.timeout(timeout).header("Authorization", "Bearer " + token).build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), response.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while calling the Platform at " + base);
        } catch (IOException e) {
            throw new IOException("cannot reach the Platform at " + base + ": " + why(e), e);
        }
    }

    private String why(IOException e) {
        if (e instanceof ConnectException) {
            return "connection refused (is the Platform running, and is the URL right?)";
        }
        if (e instanceof HttpTimeoutException) {
            return "no answer within " + timeout.toSeconds() + " s";
        }
        if (e instanceof SSLException) {
            return "TLS failed (" + e.getMessage() + "); give the Platform's CA with a CA file if it has its own";
        }
        return e.getMessage() == null || e.getMessage().isBlank() ? "the connection failed" : e.getMessage();
    }
}
