package io.dblab.client;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dblab.client.model.ApiError;
import io.dblab.client.model.BranchCreateRequest;
import io.dblab.client.model.BranchName;
import io.dblab.client.model.BranchView;
import io.dblab.client.model.Clone;
import io.dblab.client.model.CloneRequest;
import io.dblab.client.model.CommitRequest;
import io.dblab.client.model.CommitResponse;
import io.dblab.client.model.Healthz;
import io.dblab.client.model.InstanceStatus;
import io.dblab.client.model.LogEntry;
import io.dblab.client.model.ResetRequest;
import io.dblab.client.model.ResponseMessage;
import io.dblab.client.model.Retrieval;
import io.dblab.client.model.Snapshot;
import io.dblab.client.model.SnapshotRequest;
import io.dblab.client.model.UpdateCloneRequest;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/** HTTP client of the engine API; the only way other parts talk to an engine. */
public class DblabClient {
    private static final String TOKEN_HEADER = "Verification-Token";
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final int UNAUTHORIZED = 401;
    private static final int NOT_FOUND = 404;

    private final URI base;
    private final String token;
    private final Duration requestTimeout;
    private final String refusedTokenAdvice;
    private final HttpClient http;
    private final ObjectMapper json = Json.mapper();

    /**
     * {@code refusedTokenAdvice} ends the message when the engine refuses the token: where the
     * token came from and what to do, which only the caller knows.
     */
    public DblabClient(URI base, String token, Duration requestTimeout, boolean insecure, String refusedTokenAdvice) {
        String url = base.toString();
        this.base = URI.create(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
        this.token = token == null ? "" : token;
        this.requestTimeout = requestTimeout;
        this.refusedTokenAdvice = refusedTokenAdvice;
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT);
        if (insecure) {
            builder.sslContext(trusting(true));
        } else if ("http".equalsIgnoreCase(this.base.getScheme())) {
            // A client of a plain-HTTP engine never speaks TLS (it follows no redirect), so the JVM's
            // default context, whose set-up reads and parses the system's trust store, is wasted
            // start-up time for every short command; this one trusts nothing.
            builder.sslContext(trusting(false));
        }
        this.http = builder.build();
    }

    public DblabClient(URI base, String token, Duration requestTimeout, boolean insecure) {
        this(base, token, requestTimeout, insecure, "check the verification token");
    }

    public DblabClient(URI base, String token) {
        this(base, token, Duration.ofSeconds(30), false);
    }

    public Healthz healthz() {
        return get("/healthz", new TypeReference<>() {});
    }

    public InstanceStatus status() {
        return get("/status", new TypeReference<>() {});
    }

    public Retrieval retrieval() {
        return get("/instance/retrieval", new TypeReference<>() {});
    }

    public ResponseMessage fullRefresh() {
        return send("POST", "/full-refresh", null, new TypeReference<>() {});
    }

    public List<Snapshot> snapshots() {
        return get("/snapshots", new TypeReference<>() {});
    }

    /** The snapshots made on one branch. */
    public List<Snapshot> snapshots(String branch) {
        return get("/snapshots?branch=" + encode(branch), new TypeReference<>() {});
    }

    public Snapshot snapshot(String id) {
        return get("/snapshot/" + encode(id), new TypeReference<>() {});
    }

    public Snapshot createSnapshot(String poolName) {
        return send("POST", "/snapshot", new SnapshotRequest(poolName), new TypeReference<>() {});
    }

    public ResponseMessage deleteSnapshot(String id, boolean force) {
        return send("DELETE", "/snapshot/" + encode(id) + (force ? "?force=true" : ""), null, new TypeReference<>() {});
    }

    /** The same commit as {@link #commit}, answered with the whole new snapshot. */
    public Snapshot snapshotClone(String cloneId, String message) {
        return send("POST", "/snapshot/clone", new CommitRequest(cloneId, message), new TypeReference<>() {});
    }

    public List<BranchView> branches() {
        return get("/branches", new TypeReference<>() {});
    }

    public BranchName createBranch(BranchCreateRequest request) {
        return send("POST", "/branch", request, new TypeReference<>() {});
    }

    public ResponseMessage deleteBranch(String name) {
        return send("DELETE", "/branch/" + encode(name), null, new TypeReference<>() {});
    }

    /** The branch's snapshots from its head back along the parents. */
    public List<LogEntry> branchLog(String name) {
        return get("/branch/" + encode(name) + "/log", new TypeReference<>() {});
    }

    /** Commits the clone's current state as a new snapshot on its branch and moves the branch's head there. */
    public CommitResponse commit(String cloneId, String message) {
        return send("POST", "/branch/snapshot", new CommitRequest(cloneId, message), new TypeReference<>() {});
    }

    public Snapshot updateSnapshot(String id, boolean isProtected) {
        return send("PATCH", "/snapshot/" + encode(id), new UpdateCloneRequest(isProtected), new TypeReference<>() {});
    }

    public List<Clone> clones() {
        return get("/clones", new TypeReference<>() {});
    }

    public Clone clone(String id) {
        return get("/clone/" + encode(id), new TypeReference<>() {});
    }

    /** The clone, or empty when the engine does not know it (404): destroyed, or never made. */
    public Optional<Clone> findClone(String id) {
        try {
            return Optional.of(clone(id));
        } catch (DblabApiException e) {
            if (e.httpStatus() == NOT_FOUND) {
                return Optional.empty();
            }
            throw e;
        }
    }

    public Clone createClone(CloneRequest request) {
        return send("POST", "/clone", request, new TypeReference<>() {});
    }

    public Clone updateClone(String id, boolean isProtected) {
        return send("PATCH", "/clone/" + encode(id), new UpdateCloneRequest(isProtected), new TypeReference<>() {});
    }

    public void resetClone(String id, ResetRequest request) {
        send("POST", "/clone/" + encode(id) + "/reset", request, null);
    }

    public void destroyClone(String id) {
        send("DELETE", "/clone/" + encode(id), null, null);
    }

    /** Sends a raw request and returns status and body: for callers that need the exact answer. */
    public HttpResponse<String> raw(String method, String path, String body) {
        HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(requestTimeout)
                .header(TOKEN_HEADER, token)
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        try {
            return http.send(req.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new DblabApiException(0, "UNREACHABLE", "cannot reach " + base + ": "
                    + FailureText.transport(e, base.getHost(), requestTimeout));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DblabApiException(0, "INTERRUPTED", "interrupted while calling " + base);
        }
    }

    private <T> T get(String path, TypeReference<T> type) {
        return send("GET", path, null, type);
    }

    private <T> T send(String method, String path, Object body, TypeReference<T> type) {
        String payload;
        try {
            payload = body == null ? null : json.writeValueAsString(body);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot encode request", e);
        }
        HttpResponse<String> response = raw(method, path, payload);
        if (response.statusCode() >= 300) {
            throw toError(method, path, response);
        }
        if (type == null || response.body().isBlank()) {
            return null;
        }
        try {
            return json.readValue(response.body(), type);
        } catch (IOException e) {
            throw new DblabApiException(response.statusCode(), "BAD_RESPONSE", "unexpected answer to " + method + " "
                    + path + ": not the JSON of the Database Lab API (is " + base + " an engine?)");
        }
    }

    private DblabApiException toError(String method, String path, HttpResponse<String> response) {
        int status = response.statusCode();
        ApiError error = apiError(response.body());
        String code = error != null && error.code() != null ? error.code() : "HTTP_" + status;
        String message = error != null ? error.message() : FailureText.status(status, method, path, response.body());
        if (status == UNAUTHORIZED) {
            // the engine's own words ("Check your verification token.") say less than this
            message = base + " refused the verification token: " + refusedTokenAdvice;
        }
        return new DblabApiException(status, code, message);
    }

    /** The API's error body, or null when the body is something else (empty, a proxy's page). */
    private ApiError apiError(String body) {
        try {
            ApiError error = json.readValue(body, ApiError.class);
            return error != null && error.message() != null && !error.message().isBlank() ? error : null;
        } catch (IOException notAnApiError) {
            return null;
        }
    }

    private static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** A TLS context that trusts every server certificate, or none. */
    private static SSLContext trusting(boolean everything) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            TrustManager trust = new X509TrustManager() {
                @Override
                public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
                    throw new CertificateException("this client presents no certificate");
                }

                @Override
                public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
                    if (!everything) {
                        throw new CertificateException("this client trusts no server: it talks plain HTTP");
                    }
                }

                @Override
                public X509Certificate[] getAcceptedIssuers() {
                    return new X509Certificate[0];
                }
            };
            context.init(null, new TrustManager[] {trust}, new SecureRandom());
            return context;
        } catch (Exception e) {
            throw new IllegalStateException("cannot set up TLS", e);
        }
    }
}
