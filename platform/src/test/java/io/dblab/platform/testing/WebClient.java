package io.dblab.platform.testing;

import java.io.IOException;
import io.dblab.client.platform.TrustedCa;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** A browser without a browser: keeps cookies, reads a page's CSRF token, posts forms, sends API requests. */
public final class WebClient {
    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");
    private final String base;
    private final HttpClient http;
    private String csrf;

    public WebClient(String base) {
        this(base, HttpClient.newBuilder());
    }

    /** A client for HTTPS to a server whose certificate the CA in {@code caFile} signed. */
    public static WebClient trusting(String base, Path caFile) {
        return new WebClient(base, HttpClient.newBuilder().sslContext(TrustedCa.context(caFile)));
    }

    private WebClient(String base, HttpClient.Builder http) {
        this.base = base;
        this.http = http.cookieHandler(new CookieManager()).build();
    }

    /** GET; remembers the page's CSRF token. */
    public HttpResponse<String> get(String path) {
        HttpResponse<String> page = send(HttpRequest.newBuilder(URI.create(base + path)).GET().build());
        Matcher m = CSRF.matcher(page.body());
        if (m.find()) {
            csrf = m.group(1);
        }
        return page;
    }

    /** POSTs a form with the CSRF token of the last page read. */
    public HttpResponse<String> post(String path, String... fields) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("csrf", csrf);
        for (int i = 0; i < fields.length; i += 2) {
            form.put(fields[i], fields[i + 1]);
        }
        return postRaw(path, form);
    }

    public HttpResponse<String> postRaw(String path, Map<String, String> form) {
        String body = form.entrySet().stream().filter(e -> e.getValue() != null)
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    /** Signs in and follows to the organizations page. */
    public HttpResponse<String> signIn(String email, String password) {
        get("/signin");
        HttpResponse<String> answer = post("/signin", "email", email, "password", password);
        if (answer.statusCode() == 303) {
            return get(answer.headers().firstValue("Location").orElseThrow());
        }
        return answer;
    }

    public HttpResponse<String> api(String path, String token) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + token).GET().build());
    }

    /** POSTs a JSON body to the API with a token. */
    public HttpResponse<String> postJson(String path, String token, String json) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
