package io.dblab.engine.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dblab.client.Json;
import io.dblab.client.control.ControlOperations;
import io.dblab.client.model.ApiError;
import io.dblab.client.model.BranchCreateRequest;
import io.dblab.client.model.BranchName;
import io.dblab.client.model.CloneRequest;
import io.dblab.client.model.CommitRequest;
import io.dblab.client.model.CommitResponse;
import io.dblab.client.model.Healthz;
import io.dblab.client.model.InstanceStatus;
import io.dblab.client.model.ProtectionRequest;
import io.dblab.client.model.ResetRequest;
import io.dblab.client.model.ResponseMessage;
import io.dblab.client.model.Retrieval;
import io.dblab.client.model.SnapshotRequest;
import io.dblab.client.model.Status;
import io.dblab.client.model.UpdateCloneRequest;
import io.dblab.engine.admin.AdminConfig;
import io.dblab.engine.admin.SourceTest;
import io.dblab.engine.audit.AuditLog;
import io.dblab.engine.branch.BranchService;
import io.dblab.engine.clone.CloneCommits;
import io.dblab.engine.clone.CloneService;
import io.dblab.engine.config.EngineConfig;
import io.dblab.engine.error.BadRequestException;
import io.dblab.engine.error.NotFoundException;
import io.dblab.engine.metrics.EngineMetrics;
import io.dblab.engine.pool.FileSystemStats;
import io.dblab.engine.pool.PoolProvider;
import io.dblab.engine.pool.PoolRegistry;
import io.dblab.engine.retrieval.RetrievalService;
import io.dblab.engine.snapshot.SnapshotService;
import io.dblab.engine.state.BranchRecord;
import io.dblab.engine.state.CloneRecord;
import io.dblab.engine.state.SnapshotRecord;
import io.dblab.engine.state.StateWriteException;
import io.dblab.engine.web.EngineUi;
import io.dblab.serverkit.http.ApiBase;
import io.dblab.serverkit.http.HttpLimits;
import io.dblab.serverkit.http.Listener;
import io.dblab.serverkit.http.TokenCheck;
import org.eclipse.jetty.server.ServerConnector;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpResponseException;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's REST API: the reference system's paths and JSON, a Verification-Token on every
 * endpoint but {@code /healthz} and {@code /metrics}, errors as {@code {code, message}}, and an audit
 * line for every request that changes something.
 */
public final class ApiServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);
    static final long MAX_BODY_BYTES = 64 * 1024;
    private static final String TOKEN_HEADER = "Verification-Token";
    private static final String AUDIT_TARGET = "audit.target";
    private static final String AUDIT_DETAILS = "audit.details";
    private static final String PRINCIPAL = "principal";
    /** Audit actions named for what they do rather than by method and path. */
    private static final Map<String, String> AUDIT_ACTIONS = Map.of("POST /admin/config", "config.update");
    /** Headers by which a proxy or framework may let a request pass for another method. */
    private static final List<String> METHOD_OVERRIDES = List.of("X-HTTP-Method-Override", "X-HTTP-Method",
            "X-Method-Override");

    /** {@code synchronization} where there is no standby to follow: the reference's shape for it. */
    private static final NoSync NOT_AVAILABLE = new NoSync(new Status("Not available", ""), "", "", 0, 0);

    private record NoSync(Status status, String lastReplayedLsn, String lastReplayedLsnAt, int replicationLag,
                          int replicationUptime) {}

    private final EngineConfig.Server config;
    private final String version;
    private final String instanceId;
    private final Instant startedAt = Instant.now();
    private final CloneService clones;
    private final SnapshotService snapshots;
    private final BranchService branches;
    private final CloneCommits commits;
    private final RetrievalService retrieval;
    private final PoolRegistry pools;
    private final EngineMetrics metrics;
    private final AuditLog audit;
    private final Supplier<Object> synchronization;
    private final ApiViews views;
    private final TokenCheck tokenCheck;
    private final ControlTokens controlTokens;
    private final AdminConfig admin;
    private final EngineUi ui;
    private final ApiDocs docs = new ApiDocs();
    private final ObjectMapper json = Json.mapper();
    private final HttpLimits limits = new HttpLimits();
    private final RequestJson requests = new RequestJson();
    private Javalin app;

    public ApiServer(EngineConfig config, String version, String instanceId, CloneService clones,
                     SnapshotService snapshots, BranchService branches, CloneCommits commits,
                     RetrievalService retrieval, PoolRegistry pools, EngineMetrics metrics, AuditLog audit,
                     Supplier<Object> synchronization, ControlTokens controlTokens, AdminConfig admin) {
        this.config = config.server();
        this.version = version;
        this.instanceId = instanceId;
        this.clones = clones;
        this.snapshots = snapshots;
        this.branches = branches;
        this.commits = commits;
        this.retrieval = retrieval;
        this.pools = pools;
        this.metrics = metrics;
        this.audit = audit;
        this.synchronization = synchronization;
        this.views = new ApiViews(pools, snapshots, clones, config.provision().accessHost());
        this.tokenCheck = new TokenCheck(config.server().verificationToken());
        this.controlTokens = controlTokens;
        this.admin = admin;
        this.ui = new EngineUi(tokenCheck, config.server().tls().enabled(), Clock.systemUTC(), clones, snapshots, retrieval,
                audit, config.provision().accessHost());
    }

    public ApiServer start() {
        app = Javalin.create(cfg -> {
            ApiBase.configure(cfg, json, MAX_BODY_BYTES, new Listener(config.host(), config.port(), config.tls().certFile(),
                    config.tls().keyFile()), limits);
            cfg.routes.before(this::authenticate);
            cfg.routes.after(this::auditChange);
            cfg.routes.get("/healthz", ctx -> ctx.json(healthz()));
            cfg.routes.post("/healthz", ctx -> ctx.json(healthz()));
            cfg.routes.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4").result(metrics.scrape()));
            cfg.routes.get("/status", ctx -> ctx.json(status()));
            cfg.routes.get("/instance/retrieval", ctx -> ctx.json(retrieval.status().view()));
            cfg.routes.post("/full-refresh", ctx -> {
                retrieval.fullRefresh();
                ctx.json(new ResponseMessage("OK", "Full refresh started"));
            });
            cfg.routes.get("/snapshots", this::listSnapshots);
            cfg.routes.get("/snapshot/{id}", ctx -> ctx.json(views.snapshot(snapshots.get(ctx.pathParam("id")))));
            cfg.routes.post("/snapshot", this::createSnapshot);
            cfg.routes.delete("/snapshot/{id}", this::deleteSnapshot);
            cfg.routes.post("/snapshot/clone", ctx -> ctx.json(views.snapshot(commit(ctx))));
            cfg.routes.get("/branches", ctx -> ctx.json(branches.list().stream()
                    .map(b -> views.branch(b, branches.head(b).orElse(null))).toList()));
            cfg.routes.post("/branch", this::createBranch);
            cfg.routes.post("/branch/snapshot", ctx -> ctx.json(new CommitResponse(commit(ctx).id())));
            cfg.routes.delete("/branch/{name}", ctx -> {
                ctx.attribute(AUDIT_TARGET, ctx.pathParam("name"));
                branches.delete(ctx.pathParam("name"));
                ctx.json(new ResponseMessage("OK", "Deleted branch"));
            });
            cfg.routes.patch("/branch/{name}", this::updateBranch);
            cfg.routes.get("/branch/snapshot/{id}", this::branchSnapshot);
            cfg.routes.get("/branch/{name}/log", ctx -> {
                List<BranchRecord> all = branches.list();
                ctx.json(branches.log(ctx.pathParam("name")).stream().map(s -> views.logEntry(s, all)).toList());
            });
            cfg.routes.patch("/snapshot/{id}", this::updateSnapshot);
            cfg.routes.get("/clones", ctx -> ctx.json(clones.list().stream().map(views::clone).toList()));
            cfg.routes.post("/clone", this::createClone);
            cfg.routes.get("/clone/{id}", ctx -> ctx.json(views.clone(clones.get(ctx.pathParam("id")))));
            cfg.routes.patch("/clone/{id}", this::updateClone);
            cfg.routes.delete("/clone/{id}", ctx -> {
                ctx.attribute(AUDIT_TARGET, ctx.pathParam("id"));
                clones.destroy(ctx.pathParam("id"));
                emptyBody(ctx);
            });
            cfg.routes.post("/clone/{id}/reset", this::resetClone);
            cfg.routes.get("/admin/config", ctx -> ctx.json(admin.projection()));
            cfg.routes.post("/admin/config", this::updateConfig);
            cfg.routes.get("/admin/config.yaml", ctx -> ctx.contentType("application/yaml; charset=utf-8")
                    .result(admin.effectiveYaml()));
            cfg.routes.post("/admin/test-db-source", this::testSource);
            ui.addRoutes(cfg.routes);
            docs.addRoutes(cfg.routes);
            cfg.routes.exception(BadRequestException.class, (e, ctx) -> error(ctx, 400, ApiError.BAD_REQUEST, e.getMessage()));
            cfg.routes.exception(StateWriteException.class, (e, ctx) -> {
                LOG.error("request {} {} failed: {}", ctx.method(), ctx.path(), e.getMessage());
                error(ctx, 500, ApiError.INTERNAL_ERROR, e.getMessage() + "; the request was not carried out");
            });
            cfg.routes.exception(NotFoundException.class, (e, ctx) -> error(ctx, 404, ApiError.NOT_FOUND, e.getMessage()));
            cfg.routes.exception(HttpResponseException.class, (e, ctx) -> error(ctx, e.getStatus(),
                    ApiError.codeFor(e.getStatus()), describeHttpError(e)));
            cfg.routes.exception(IOException.class, (e, ctx) -> {
                // the client's connection failed or was closed by HttpLimits: there is nobody to answer
                LOG.info("request {} {} from {} ended: {}", ctx.method(), ctx.path(), ctx.ip(), e.getMessage());
                error(ctx, 400, ApiError.BAD_REQUEST, "request could not be read: " + e.getMessage());
            });
            cfg.routes.exception(Exception.class, (e, ctx) -> {
                LOG.error("request {} {} failed", ctx.method(), ctx.path(), e);
                error(ctx, 500, ApiError.INTERNAL_ERROR, "internal error; see the engine log");
            });
            cfg.routes.error(405, ctx -> error(ctx, 405, ApiError.BAD_REQUEST,
                    "method " + ctx.method() + " is not allowed on " + ctx.path()));
        });
        app.start();
        LOG.info("API listening on {}://{}:{}", config.tls().enabled() ? "https" : "http", config.host(), port());
        return this;
    }

    /** The port the API listens on (the TLS port when TLS is on). */
    public int port() {
        return listeningPorts().get(0);
    }

    /** Every port the API server listens on: exactly one, so TLS leaves no plaintext listener behind. */
    public List<Integer> listeningPorts() {
        return java.util.Arrays.stream(app.jettyServer().server().getConnectors())
                .filter(c -> c instanceof ServerConnector).map(c -> ((ServerConnector) c).getLocalPort()).toList();
    }

    /** Every route the server answers, as {@code "METHOD /path"} with Javalin's {@code {param}} templates. */
    public List<String> routes() {
        // before and after handlers (authentication, audit) are not routes
        return app.unsafe.internalRouter.allHttpHandlers().stream().filter(route -> route.endpoint.method.isHttpMethod())
                .map(route -> route.endpoint.method.name() + " " + route.endpoint.path).toList();
    }

    @Override
    public void close() {
        if (app != null) {
            app.stop();
        }
    }

    private Healthz healthz() {
        return new Healthz(version, "community", instanceId);
    }

    private InstanceStatus status() {
        List<CloneRecord> all = clones.list();
        List<InstanceStatus.Pool> poolViews = pools.all().stream().map(pool -> poolView(pool, all)).toList();
        double expected = all.stream().filter(c -> c.cloningTimeSeconds() > 0).mapToDouble(CloneRecord::cloningTimeSeconds)
                .average().orElse(0);
        Retrieval retrieving = retrieval.status().view();
        List<String> attention = new ArrayList<>();
        // alerts of level error are raised by background work that keeps failing (see BackgroundTask)
        if ("failed".equals(retrieving.status()) || retrieval.status().alertCount("error") > 0) {
            attention.add("retrieving");
        }
        Optional<Retrieval.Alert> auditAlert = audit.alert();
        if (auditAlert.isPresent()) {
            // the reference has alerts only under retrieving; the audit log's stands beside retrieval's
            Map<String, Retrieval.Alert> alerts = new LinkedHashMap<>(retrieving.alerts());
            alerts.put(AuditLog.ALERT, auditAlert.get());
            retrieving = new Retrieval(retrieving.mode(), retrieving.status(), retrieving.lastRefresh(),
                    retrieving.nextRefresh(), alerts, retrieving.activity(), retrieving.progress());
            attention.add("audit log");
        }
        Status overall = attention.isEmpty() ? new Status(Status.OK, "Instance is ready")
                : new Status(Status.WARNING, "Subsystems that need attention: " + String.join(", ", attention));
        return new InstanceStatus(overall,
                new InstanceStatus.Engine(version, "community", instanceId, ApiViews.time(startedAt), false,
                        config.disableConfigModification()),
                poolViews,
                new InstanceStatus.Cloning(expected, all.size(), all.stream().map(views::clone).toList(),
                        clones.lease().defaultMinutes(), clones.lease().maxMinutes()),
                retrieving, Objects.requireNonNullElse(synchronization.get(), NOT_AVAILABLE));
    }

    private InstanceStatus.Pool poolView(PoolProvider pool, List<CloneRecord> all) {
        FileSystemStats fs = pool.stats();
        List<SnapshotRecord> own = snapshots.list().stream().filter(s -> s.pool().equals(pool.name()) && !s.isCommit())
                .toList();
        String dataStateAt = own.isEmpty() ? "" : ApiViews.time(own.get(0).dataStateAt());
        List<String> cloneList = all.stream().filter(c -> c.pool().equals(pool.name())).map(CloneRecord::id).toList();
        return new InstanceStatus.Pool(pool.name(), pool.mode(), dataStateAt, own.isEmpty() ? "empty" : "active",
                cloneList, new InstanceStatus.FileSystem(fs.mode(), fs.size(), fs.free(), fs.used(), fs.dataSize(),
                fs.usedBySnapshots(), fs.usedByClones(), fs.compressRatio(), fs.sharedCopies()));
    }

    private void createSnapshot(Context ctx) {
        SnapshotRequest request = optionalBody(ctx, SnapshotRequest.class);
        PoolProvider pool = request == null || request.poolName() == null || request.poolName().isEmpty()
                ? snapshots.activePool() : pools.get(request.poolName());
        SnapshotRecord snapshot = retrieval.snapshot(pool);
        ctx.attribute(AUDIT_TARGET, snapshot.id());
        ctx.json(views.snapshot(snapshot));
    }

    private void listSnapshots(Context ctx) {
        String branch = ctx.queryParam("branch");
        if (branch == null || branch.isEmpty()) {
            ctx.json(snapshots.list().stream().map(views::snapshot).toList());
            return;
        }
        branches.get(branch);
        ctx.json(snapshots.list(branch).stream().map(views::snapshot).toList());
    }

    private void deleteSnapshot(Context ctx) {
        String id = ctx.pathParam("id");
        ctx.attribute(AUDIT_TARGET, id);
        clones.deleteSnapshot(id, "true".equalsIgnoreCase(ctx.queryParam("force")));
        ctx.json(new ResponseMessage("OK", "Deleted snapshot"));
    }

    /** A clone's state as a new snapshot on its branch: {@code POST /branch/snapshot} and {@code /snapshot/clone}. */
    private SnapshotRecord commit(Context ctx) {
        CommitRequest request = body(ctx, CommitRequest.class);
        ctx.attribute(AUDIT_TARGET, request.cloneID());
        return commits.commit(request.cloneID(), request.message());
    }

    private void createBranch(Context ctx) {
        BranchCreateRequest request = body(ctx, BranchCreateRequest.class);
        ctx.attribute(AUDIT_TARGET, request.branchName());
        BranchRecord branch = branches.create(request.branchName(), request.baseBranch(), request.snapshotID());
        ctx.json(new BranchName(branch.name()));
    }

    private void updateSnapshot(Context ctx) {
        String id = ctx.pathParam("id");
        ctx.attribute(AUDIT_TARGET, id);
        ProtectionRequest request = protectionRequest(ctx);
        snapshots.get(id);
        Instant till = request.isProtected() ? clones.lease().till(request.protectionDurationMinutes()) : null;
        ctx.json(views.snapshot(snapshots.setProtected(id, request.isProtected(), till)));
    }

    private void updateBranch(Context ctx) {
        String name = ctx.pathParam("name");
        ctx.attribute(AUDIT_TARGET, name);
        ProtectionRequest request = protectionRequest(ctx);
        ctx.json(views.branchProtection(branches.protect(name, request.isProtected(), request.protectionDurationMinutes())));
    }

    /**
     * The body of the reference's UpdateSnapshot and UpdateBranch. Its {@code deleteAt} (a scheduled
     * deletion) is refused: this engine deletes nothing on a schedule but retention.
     */
    private ProtectionRequest protectionRequest(Context ctx) {
        ProtectionRequest request = body(ctx, ProtectionRequest.class);
        if (request.deleteAt() != null) {
            throw new BadRequestException("deleteAt is not supported: this engine does not schedule deletions;"
                    + " delete it when it is no longer needed");
        }
        if (request.isProtected() == null) {
            throw new BadRequestException("nothing to update: send {\"protected\": true|false}, with"
                    + " \"protectionDurationMinutes\" for a timed protection");
        }
        if (request.protectionDurationMinutes() != null && !request.isProtected()) {
            throw new BadRequestException("protectionDurationMinutes needs \"protected\": true");
        }
        return request;
    }

    /**
     * {@code GET /branch/snapshot/{id}}: the snapshot as the log shows it. As in the reference, an id
     * whose pool is unknown is a bad request (400), an unknown snapshot of a known pool is 404.
     */
    private void branchSnapshot(Context ctx) {
        String id = ctx.pathParam("id");
        Optional<SnapshotRecord> snapshot = snapshots.list().stream().filter(s -> s.id().equals(id)).findFirst();
        if (snapshot.isEmpty()) {
            String pool = id.contains("@") ? id.substring(0, id.indexOf('@')) : "";
            if (pools.all().stream().noneMatch(p -> p.name().equals(pool))) {
                throw new BadRequestException("failed to detect the pool of snapshot '" + printable(id) + "'");
            }
            throw new NotFoundException("snapshot '" + printable(id) + "' not found");
        }
        ctx.json(views.logEntry(snapshot.get(), branches.list()));
    }

    private static String printable(String value) {
        String clean = value.replaceAll("\\p{Cntrl}", "?");
        return clean.length() > 120 ? clean.substring(0, 120) + "…" : clean;
    }

    private void createClone(Context ctx) {
        CloneRequest request = body(ctx, CloneRequest.class);
        ctx.attribute(AUDIT_DETAILS, AuditLog.details(request));
        CloneRecord clone = clones.create(request);
        ctx.attribute(AUDIT_TARGET, clone.id());
        ctx.status(201).json(views.clone(clone));
    }

    private void updateClone(Context ctx) {
        String id = ctx.pathParam("id");
        ctx.attribute(AUDIT_TARGET, id);
        ctx.json(views.clone(clones.update(id, body(ctx, UpdateCloneRequest.class))));
    }

    private void resetClone(Context ctx) {
        String id = ctx.pathParam("id");
        ctx.attribute(AUDIT_TARGET, id);
        clones.reset(id, optionalBody(ctx, ResetRequest.class));
        emptyBody(ctx);
    }

    /** Audited as {@code config.update} with the names of the keys it changes (never a value: one may be a password). */
    private void updateConfig(Context ctx) {
        admin.allowChange(AdminConfig.CONFIG_NOT_LOGICAL);
        AdminConfig.Change change = admin.parse(body(ctx, JsonNode.class));
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("keys", change.changedKeys());
        if (!change.notApplied().isEmpty()) {
            details.put("notApplied", List.copyOf(change.notApplied().keySet()));
        }
        ctx.attribute(AUDIT_DETAILS, details);
        ctx.json(admin.apply(change));
    }

    private void testSource(Context ctx) {
        admin.allowChange(AdminConfig.SOURCE_TEST_NOT_LOGICAL);
        SourceTest.Request request = body(ctx, SourceTest.Request.class);
        ctx.attribute(AUDIT_TARGET, request.host() + ":" + request.port() + "/" + request.dbname());
        ctx.json(admin.testSource(request));
    }

    /** 200 with no body and, as in the reference, no Content-Type: there is nothing to type. */
    private static void emptyBody(Context ctx) {
        ctx.status(200);
        ctx.res().setContentType(null);
    }

    /**
     * A control token makes the request the Platform's, which may ask only for {@link ControlOperations}
     * (DESIGN.md point 1), checked before routing so that an unknown path is refused too, not
     * reported missing. The check reads the method and path as sent (not decoded or normalized) and
     * refuses method overrides, so no spelling of a request passes for another.
     */
    private void authenticate(Context ctx) {
        String presented = ctx.header(TOKEN_HEADER);
        if (controlTokens.matches(presented)) {
            ctx.attribute(PRINCIPAL, Principal.PLATFORM);
            String method = ctx.req().getMethod();
            String path = ctx.req().getRequestURI();
            if (METHOD_OVERRIDES.stream().anyMatch(h -> ctx.header(h) != null)) {
                throw new HttpResponseException(403, "The Platform may not ask for " + method + " " + path
                        + " with a method override header: send the method itself.");
            }
            if (!ControlOperations.permits(method, path)) {
                throw new HttpResponseException(403, "The Platform may not ask for " + method + " " + path
                        + ": a control token allows status, listing snapshots and branches, creating snapshots,"
                        + " and creating, reading, protecting, resetting and destroying clones.");
            }
            return;
        }
        String path = ctx.path();
        // the UI signs people in with the same token, into a session of its own
        if (path.equals("/healthz") || path.equals("/metrics") || EngineUi.serves(path) || ApiDocs.serves(path)) {
            return;
        }
        if (!tokenCheck.matches(presented)) {
            throw new HttpResponseException(401, "Check your verification token.");
        }
    }

    /**
     * Changes, and every refusal of the Platform's requests (a compromised Platform probing is worth a
     * line). The UI audits its actions itself, as the person's.
     */
    private void auditChange(Context ctx) {
        Principal principal = Objects.requireNonNullElse(ctx.attribute(PRINCIPAL), Principal.OPERATOR);
        boolean refusedPlatform = principal == Principal.PLATFORM && ctx.statusCode() == 403;
        if (!refusedPlatform && (ctx.method() == HandlerType.GET || ctx.method() == HandlerType.HEAD
                || ctx.method() == HandlerType.OPTIONS || ctx.path().equals("/healthz") || EngineUi.serves(ctx.path()))) {
            return;
        }
        String target = ctx.attribute(AUDIT_TARGET);
        Map<String, Object> details = ctx.attribute(AUDIT_DETAILS);
        int status = ctx.statusCode();
        String request = ctx.method() + " " + ctx.path();
        audit.record(principal.actorAt(ctx.ip()), AUDIT_ACTIONS.getOrDefault(request, request), target,
                status < 300 ? "OK " + status : "FAILED " + status, details == null ? Map.of() : details);
    }


    private <T> T body(Context ctx, Class<T> type) {
        T value = optionalBody(ctx, type);
        if (value == null) {
            throw new BadRequestException("request body is required (JSON)");
        }
        return value;
    }

    private <T> T optionalBody(Context ctx, Class<T> type) {
        String text = ctx.body();
        if (text.isBlank()) {
            return null;
        }
        return requests.read(text, type);
    }

    private static String describeHttpError(HttpResponseException e) {
        if (e.getStatus() == 413) {
            return "request body too large: the limit is " + MAX_BODY_BYTES / 1024 + " KiB";
        }
        return e.getMessage();
    }

    private void error(Context ctx, int status, String code, String message) {
        if (EngineUi.serves(ctx.path()) && ctx.attribute(PRINCIPAL) != Principal.PLATFORM) {
            ui.refuse(ctx, status, message);
        } else {
            ctx.status(status).json(new ApiError(code, message));
        }
    }
}
