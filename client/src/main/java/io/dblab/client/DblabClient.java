package io.dblab.client;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dblab.client.model.ApiError;
import io.dblab.client.model.BranchCreateRequest;
import io.dblab.client.model.BranchName;
import io.dblab.client.model.BranchProtection;
import io.dblab.client.model.BranchView;
import io.dblab.client.model.Clone;
import io.dblab.client.model.CloneRequest;
import io.dblab.client.model.CommitRequest;
import io.dblab.client.model.CommitResponse;
import io.dblab.client.model.Healthz;
import io.dblab.client.model.InstanceStatus;
import io.dblab.client.model.LogEntry;
import io.dblab.client.model.ProtectionRequest;
import io.dblab.client.model.ResetRequest;
import io.dblab.client.model.ResponseMessage;
import io.dblab.client.model.Retrieval;
import io.dblab.client.model.Snapshot;
import io.dblab.client.model.SnapshotRequest;
import io.dblab.client.model.UpdateCloneRequest;
import io.dblab.client.transport.EngineReply;
import io.dblab.client.transport.EngineTransport;
import io.dblab.client.transport.HttpTransport;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Client of the engine API, over HTTP(S) or a tunnel; the only way other parts talk to an engine. */
public class DblabClient {
    private static final String DEFAULT_TOKEN_ADVICE = "check the verification token";
    private static final int UNAUTHORIZED = 401;
    private static final int NOT_FOUND = 404;

    private final EngineTransport transport;
    private final String refusedTokenAdvice;
    private final ObjectMapper json = Json.mapper();

    /**
     * {@code refusedTokenAdvice} ends the message when the engine refuses the token: where the
     * token came from and what to do, which only the caller knows.
     */
    public DblabClient(EngineTransport transport, String refusedTokenAdvice) {
        this.transport = transport;
        this.refusedTokenAdvice = refusedTokenAdvice;
    }

    public DblabClient(EngineTransport transport) {
        this(transport, DEFAULT_TOKEN_ADVICE);
    }

    /** The engine at {@code base} over HTTP(S); {@code insecure} trusts any server certificate. */
    public DblabClient(URI base, String token, Duration requestTimeout, boolean insecure, String refusedTokenAdvice) {
        this(new HttpTransport(base, token, requestTimeout, insecure), refusedTokenAdvice);
    }

    public DblabClient(URI base, String token, Duration requestTimeout, boolean insecure) {
        this(base, token, requestTimeout, insecure, DEFAULT_TOKEN_ADVICE);
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
    public BranchProtection updateBranch(String name, ProtectionRequest request) {
        return send("PATCH", "/branch/" + encode(name), request, new TypeReference<>() {});
    }

    /** A snapshot as the branch log shows it ({@code GET /branch/snapshot/{id}}). */
    public LogEntry branchSnapshot(String id) {
        return send("GET", "/branch/snapshot/" + encode(id), null, new TypeReference<>() {});
    }

    public List<LogEntry> branchLog(String name) {
        return get("/branch/" + encode(name) + "/log", new TypeReference<>() {});
    }

    /** Commits the clone's current state as a new snapshot on its branch and moves the branch's head there. */
    public CommitResponse commit(String cloneId, String message) {
        return send("POST", "/branch/snapshot", new CommitRequest(cloneId, message), new TypeReference<>() {});
    }

    public Snapshot updateSnapshot(String id, boolean isProtected) {
        return send("PATCH", "/snapshot/" + encode(id), new ProtectionRequest(isProtected, null, null),
                new TypeReference<>() {});
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
        return updateClone(id, new UpdateCloneRequest(isProtected));
    }

    public Clone updateClone(String id, UpdateCloneRequest request) {
        return send("PATCH", "/clone/" + encode(id), request, new TypeReference<>() {});
    }

    public void resetClone(String id, ResetRequest request) {
        send("POST", "/clone/" + encode(id) + "/reset", request, null);
    }

    public void destroyClone(String id) {
        send("DELETE", "/clone/" + encode(id), null, null);
    }

    /**
     * The answer's JSON as the engine sent it, every field kept (null for an empty body): for callers
     * that print it in a layout of their own. Errors are reported as for the typed calls.
     */
    public JsonNode tree(String method, String path, Object body) {
        return send(method, path, body, new TypeReference<JsonNode>() {});
    }

    /** Sends a raw request and returns status and body: for callers that need the exact answer. */
    public EngineReply raw(String method, String path, String body) {
        try {
            return transport.exchange(method, path, body);
        } catch (InterruptedIOException e) {
            throw new DblabApiException(0, "INTERRUPTED", e.getMessage());
        } catch (IOException e) {
            throw new DblabApiException(0, "UNREACHABLE", e.getMessage());
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
        EngineReply response = raw(method, path, payload);
        if (response.status() >= 300) {
            throw toError(method, path, response);
        }
        if (type == null || response.body().isBlank()) {
            return null;
        }
        try {
            return json.readValue(response.body(), type);
        } catch (IOException e) {
            throw new DblabApiException(response.status(), "BAD_RESPONSE", "unexpected answer to " + method + " "
                    + path + ": not the JSON of the Database Lab API (is " + transport.target() + " an engine?)");
        }
    }

    private DblabApiException toError(String method, String path, EngineReply response) {
        int status = response.status();
        ApiError error = apiError(response.body());
        String code = error != null && error.code() != null ? error.code() : "HTTP_" + status;
        String message = error != null ? error.message() : FailureText.status(status, method, path, response.body());
        if (status == UNAUTHORIZED) {
            // the engine's own words ("Check your verification token.") say less than this
            message = transport.target() + " refused the verification token: " + refusedTokenAdvice;
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
}
