package io.dblab.platform.engines;

import com.fasterxml.jackson.databind.JsonNode;
import io.dblab.client.DblabClient;
import io.dblab.client.Json;
import io.dblab.platform.api.ApiRoutes;
import io.dblab.platform.auth.Caller;
import io.dblab.platform.auth.Refusal;
import io.dblab.platform.web.Pages;
import io.dblab.platform.web.WebFeature;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Engines in the JSON API, under {@code /api/organizations/{org}/engines} (the API's bearer token
 * applies): list, register by URL or by tunnel (the key in the answer, once), revoke a key, remove;
 * per engine its status, clones (create with the password in the answer, once; reset, protect,
 * destroy), snapshots (list, create) and branches. An engine that fails answers 502 or its own 4xx.
 */
public final class EngineApi implements WebFeature {
    static final String BASE = ApiRoutes.PREFIX + "organizations/{org}/engines";
    private static final String ONE = BASE + "/{engine}";
    private static final String CLONE = ONE + "/clones/{clone}";
    private final EngineActions actions;
    private final EngineViews views;

    public EngineApi(EngineActions actions, EngineViews views) {
        this.actions = actions;
        this.views = views;
    }

    @Override
    public void routes(RoutesConfig routes) {
        routes.get(BASE, ctx -> ctx.json(views.list(caller(ctx), org(ctx)).stream().map(EngineApi::overview).toList()));
        routes.post(BASE, ctx -> {
            JsonNode body = body(ctx);
            Engine made = actions.registerUrl(caller(ctx), org(ctx), text(body, "name"), text(body, "url"), text(body, "token"));
            ctx.status(201).json(engine(made));
        });
        routes.post(BASE + "/tunnel", ctx -> {
            RegistrationKeys.NewKey made = actions.registerTunnel(caller(ctx), org(ctx), text(body(ctx), "name"));
            Map<String, Object> answer = engine(made.engine());
            answer.put("registrationKey", made.secret());
            answer.put("keyPrefix", made.prefix());
            ctx.status(201).json(answer);
        });
        routes.get(ONE, ctx -> ctx.json(overview(views.overview(caller(ctx), org(ctx), id(ctx)))));
        routes.delete(ONE, ctx -> {
            actions.remove(caller(ctx), org(ctx), id(ctx));
            ctx.status(204);
        });
        routes.post(ONE + "/key/revoke", ctx -> {
            actions.revokeKey(caller(ctx), org(ctx), id(ctx));
            ctx.status(204);
        });
        routes.get(ONE + "/clones", ctx -> ctx.json(views.ask(caller(ctx), org(ctx), id(ctx), DblabClient::clones)));
        routes.post(ONE + "/clones", this::createClone);
        routes.get(CLONE, ctx -> ctx.json(views.ask(caller(ctx), org(ctx), id(ctx), c -> c.clone(ctx.pathParam("clone")))));
        routes.patch(CLONE, ctx -> {
            JsonNode body = body(ctx);
            if (!body.path("protected").isBoolean()) {
                throw Refusal.badRequest("send {\"protected\": true} or {\"protected\": false}");
            }
            ctx.json(actions.protect(caller(ctx), org(ctx), id(ctx), ctx.pathParam("clone"), body.get("protected").asBoolean()));
        });
        routes.delete(CLONE, ctx -> {
            actions.destroyClone(caller(ctx), org(ctx), id(ctx), ctx.pathParam("clone"));
            ctx.status(204);
        });
        routes.post(CLONE + "/reset", ctx -> {
            actions.resetClone(caller(ctx), org(ctx), id(ctx), ctx.pathParam("clone"), text(body(ctx), "snapshotId"));
            ctx.status(204);
        });
        routes.get(ONE + "/snapshots", ctx -> ctx.json(views.ask(caller(ctx), org(ctx), id(ctx), DblabClient::snapshots)));
        routes.post(ONE + "/snapshots", ctx -> ctx.status(201)
                .json(actions.createSnapshot(caller(ctx), org(ctx), id(ctx), text(body(ctx), "pool"))));
        routes.get(ONE + "/branches", ctx -> ctx.json(views.ask(caller(ctx), org(ctx), id(ctx), DblabClient::branches)));
    }

    /** The clone as the engine made it, and its password: in this answer only. */
    private void createClone(Context ctx) {
        JsonNode body = body(ctx);
        EngineActions.NewClone made = actions.createClone(caller(ctx), org(ctx), id(ctx), new EngineActions.CloneForm(
                text(body, "id"), text(body, "username"), text(body, "password"), body.path("restricted").asBoolean(false),
                body.path("protected").asBoolean(false), text(body, "snapshotId")));
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("clone", made.made());
        answer.put("password", made.password());
        ctx.header("Cache-Control", "no-store").status(201).json(answer);
    }

    static Map<String, Object> engine(Engine engine) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", engine.id());
        json.put("name", engine.name());
        json.put("kind", engine.kind().value());
        json.put("url", engine.url());
        json.put("createdAt", engine.createdAt().toString());
        return json;
    }

    private static Map<String, Object> overview(EngineOverview overview) {
        Map<String, Object> json = engine(overview.engine());
        json.put("connection", overview.connection());
        json.put("status", overview.status());
        json.put("problem", overview.problem());
        return json;
    }

    private static JsonNode body(Context ctx) {
        String text = ctx.body();
        if (text.isBlank()) {
            return Json.mapper().createObjectNode();
        }
        return Json.object(text).orElseThrow(() -> Refusal.badRequest("the body must be a JSON object"));
    }

    private static String text(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw Refusal.badRequest("'" + field + "' must be a string");
        }
        return value.asText();
    }

    private static Caller caller(Context ctx) {
        return new Caller(ApiRoutes.principal(ctx), ctx.ip());
    }

    private static long org(Context ctx) {
        return Pages.id(ctx, "org");
    }

    private static long id(Context ctx) {
        return Pages.id(ctx, "engine");
    }
}
