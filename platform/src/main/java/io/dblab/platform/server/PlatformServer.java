package io.dblab.platform.server;

import io.dblab.client.Json;
import io.dblab.client.model.ApiError;
import io.dblab.platform.api.ApiRoutes;
import io.dblab.platform.auth.Refusal;
import io.dblab.platform.config.PlatformConfig;
import io.dblab.platform.web.Pages;
import io.dblab.platform.web.SignInPages;
import io.dblab.platform.web.WebFeature;
import io.dblab.serverkit.http.ApiBase;
import io.dblab.serverkit.http.HttpLimits;
import io.dblab.serverkit.http.Listener;
import io.dblab.serverkit.web.StaticAssets;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.server.ServerConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Platform's HTTP server: the pages ({@link WebFeature}s) and the JSON API ({@link ApiRoutes}) on one
 * listener, HTTPS when configured, under {@link HttpLimits}. Every POST outside the API must carry its
 * session's CSRF token. Errors of the API are {@code {code, message}}; a page's are a page, and a page
 * that needs a signed-in person sends others to the sign-in form.
 */
public final class PlatformServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PlatformServer.class);
    static final long MAX_BODY_BYTES = 256 * 1024;
    private final PlatformConfig.Server config;
    private final Pages pages;
    private final List<WebFeature> features;
    private final ApiRoutes api;
    private final HttpLimits limits = new HttpLimits();
    private final StaticAssets assets = new StaticAssets(Pages.class, "io/dblab/platform/web/assets/",
            "platform.css", "platform.svg");
    private Javalin app;

    public PlatformServer(PlatformConfig.Server config, Pages pages, List<WebFeature> features, ApiRoutes api) {
        this.config = config;
        this.pages = pages;
        this.features = List.copyOf(features);
        this.api = api;
        features.forEach(f -> pages.addOrgPages(f.orgPages()));
    }

    public PlatformServer start() {
        app = Javalin.create(cfg -> {
            ApiBase.configure(cfg, Json.mapper(), MAX_BODY_BYTES, new Listener(config.host(), config.port(),
                    config.tls().certFile(), config.tls().keyFile()), limits);
            cfg.routes.before(ctx -> {
                if (ctx.method().name().equals("POST") && !isApi(ctx)) {
                    pages.checkCsrf(ctx);
                }
            });
            cfg.routes.get("/healthz", ctx -> ctx.json(Map.of("status", "ok")));
            cfg.routes.get(StaticAssets.PATH + "{name}", assets::serve);
            api.routes(cfg.routes);
            features.forEach(f -> f.mount(cfg));
            features.forEach(f -> f.routes(cfg.routes));
            cfg.routes.exception(Refusal.class, (e, ctx) -> refuse(ctx, e.status(), e.getMessage()));
            cfg.routes.exception(HttpResponseException.class, (e, ctx) -> refuse(ctx, e.getStatus(),
                    e.getStatus() == 413 ? "request body too large: the limit is " + MAX_BODY_BYTES / 1024 + " KiB" : e.getMessage()));
            cfg.routes.exception(Exception.class, (e, ctx) -> {
                LOG.error("request {} {} failed", ctx.method(), ctx.path(), e);
                refuse(ctx, 500, "internal error; see the Platform's log");
            });
            cfg.routes.error(404, ctx -> {
                if (ctx.result() == null) {
                    refuse(ctx, 404, "no such page: " + ctx.path());
                }
            });
            cfg.routes.error(405, ctx -> refuse(ctx, 405, "method " + ctx.method() + " is not allowed on " + ctx.path()));
        });
        app.start();
        LOG.info("Platform listening on {}://{}:{}", config.tls().enabled() ? "https" : "http", config.host(), port());
        return this;
    }

    public int port() {
        return ((ServerConnector) app.jettyServer().server().getConnectors()[0]).getLocalPort();
    }

    @Override
    public void close() {
        if (app != null) {
            app.stop();
        }
    }

    private void refuse(Context ctx, int status, String message) {
        // a WebSocket client (an engine's tunnel) reads the status, and follows no redirect to a form
        if (isApi(ctx) || "websocket".equalsIgnoreCase(ctx.header("Upgrade"))) {
            ctx.status(status).json(new ApiError(code(status), message));
            return;
        }
        if (status == 401) {
            // the page needs a signed-in person: to the form (htmx follows HX-Redirect with a full page)
            if (ctx.header("HX-Request") != null) {
                ctx.status(401).header("HX-Redirect", SignInPages.PATH);
            } else {
                ctx.redirect(SignInPages.PATH, HttpStatus.SEE_OTHER);
            }
            return;
        }
        ctx.status(status);
        pages.render(ctx, "problem.jte", pages.frame(ctx, title(status)), Map.of("message", message));
    }

    private static boolean isApi(Context ctx) {
        return ctx.path().startsWith(ApiRoutes.PREFIX);
    }

    private static String title(int status) {
        return switch (status) {
            case 403 -> "Not allowed";
            case 404 -> "Not found";
            case 429 -> "Too many requests";
            default -> status >= 500 ? "Something went wrong" : "Cannot do that";
        };
    }

    private static String code(int status) {
        return switch (status) {
            case 401 -> ApiError.UNAUTHORIZED;
            case 403 -> "FORBIDDEN";
            case 404 -> ApiError.NOT_FOUND;
            case 429 -> ApiError.TOO_MANY_REQUESTS;
            default -> status >= 500 ? ApiError.INTERNAL_ERROR : ApiError.BAD_REQUEST;
        };
    }
}
