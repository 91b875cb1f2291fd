package io.dblab.platform.engines;

import io.dblab.platform.api.ApiRoutes;
import io.dblab.platform.auth.Caller;
import io.dblab.platform.auth.Organizations;
import io.dblab.platform.web.OrgPage;
import io.dblab.platform.web.Pages;
import io.dblab.platform.web.WebFeature;
import io.dblab.client.model.ApiError;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The engine pages of an organization: the list with status, pools and disk use, registering by URL
 * and making registration keys (admins; a key shown once, with the command and configuration to paste
 * next to the engine); one engine's page with its clones (a new clone's password shown once to its
 * maker), snapshots and branches. A failure at the engine is shown as the page's message.
 */
public final class EnginePages implements WebFeature {
    private static final String LIST = "/orgs/{org}/engines";
    private static final String ONE = LIST + "/{engine}";
    private static final String CLONE = ONE + "/clones/{clone}";
    private final Pages pages;
    private final EngineActions actions;
    private final EngineViews views;
    /** {@code tunnels.publicUrl}, or null: the tunnel endpoint at the page's own address. */
    private final String publicTunnelUrl;

    public EnginePages(Pages pages, EngineActions actions, EngineViews views, String publicTunnelUrl) {
        this.pages = pages;
        this.actions = actions;
        this.views = views;
        this.publicTunnelUrl = publicTunnelUrl;
    }

    @Override
    public void routes(RoutesConfig routes) {
        routes.get(LIST, ctx -> list(ctx, null));
        routes.post(LIST, ctx -> {
            Engine made = actions.registerUrl(pages.caller(ctx), org(ctx), ctx.formParam("name"), ctx.formParam("url"),
                    ctx.formParam("token"));
            ctx.redirect(path(made), HttpStatus.SEE_OTHER);
        });
        routes.post(LIST + "/tunnel", ctx -> list(ctx, actions.registerTunnel(pages.caller(ctx), org(ctx), ctx.formParam("name"))));
        routes.get(ONE, ctx -> show(ctx, null));
        routes.get(ONE + "/clones", this::clonesFragment);
        routes.post(ONE + "/key/revoke", ctx -> {
            actions.revokeKey(pages.caller(ctx), org(ctx), id(ctx));
            back(ctx);
        });
        routes.post(ONE + "/remove", ctx -> {
            actions.remove(pages.caller(ctx), org(ctx), id(ctx));
            ctx.redirect("/orgs/" + org(ctx) + "/engines", HttpStatus.SEE_OTHER);
        });
        routes.post(ONE + "/clones", ctx -> show(ctx, actions.createClone(pages.caller(ctx), org(ctx), id(ctx),
                new EngineActions.CloneForm(ctx.formParam("id"), ctx.formParam("username"), ctx.formParam("password"),
                        ctx.formParam("restricted") != null, ctx.formParam("protected") != null, ctx.formParam("snapshot")))));
        routes.post(CLONE + "/reset", ctx -> {
            actions.resetClone(pages.caller(ctx), org(ctx), id(ctx), ctx.pathParam("clone"), ctx.formParam("snapshot"));
            back(ctx);
        });
        routes.post(CLONE + "/protect", ctx -> protect(ctx, true));
        routes.post(CLONE + "/unprotect", ctx -> protect(ctx, false));
        routes.post(CLONE + "/destroy", ctx -> {
            actions.destroyClone(pages.caller(ctx), org(ctx), id(ctx), ctx.pathParam("clone"));
            back(ctx);
        });
        routes.post(ONE + "/snapshots", ctx -> {
            actions.createSnapshot(pages.caller(ctx), org(ctx), id(ctx), ctx.formParam("pool"));
            back(ctx);
        });
        routes.exception(EngineCallFailed.class, this::failed);
    }

    @Override
    public List<OrgPage> orgPages() {
        return List.of(new OrgPage("Engines", "/engines"));
    }

    private void list(Context ctx, RegistrationKeys.NewKey created) {
        Caller caller = pages.caller(ctx);
        Organizations.Membership membership = pages.organizations().access(caller.principal(), org(ctx));
        Map<String, Object> params = new HashMap<>();
        params.put("membership", membership);
        params.put("engines", views.list(caller, org(ctx)));
        params.put("created", created);
        params.put("tunnelUrl", publicTunnelUrl != null ? publicTunnelUrl
                : (ctx.scheme().equals("https") ? "wss" : "ws") + "://" + ctx.host() + EnginesPart.TUNNEL_PATH);
        pages.render(ctx, "engines.jte", pages.orgFrame(ctx, membership.organization().name() + ": engines",
                membership.organization()), params);
    }

    private void show(Context ctx, EngineActions.NewClone created) {
        Caller caller = pages.caller(ctx);
        Organizations.Membership membership = pages.organizations().access(caller.principal(), org(ctx));
        EngineViews.Detail detail = views.detail(caller, org(ctx), id(ctx));
        Map<String, Object> params = new HashMap<>();
        params.put("membership", membership);
        params.put("detail", detail);
        params.put("created", created);
        params.put("base", path(detail.overview().engine()));
        pages.render(ctx, "engine.jte", pages.orgFrame(ctx, "Engine " + detail.overview().engine().name(),
                membership.organization()), params);
    }

    /** The clones table alone, for htmx to refresh while a clone is on its way. */
    private void clonesFragment(Context ctx) {
        EngineViews.Detail detail = views.detail(pages.caller(ctx), org(ctx), id(ctx));
        pages.fragment(ctx, "engineClones.jte", Map.of("detail", detail, "base", path(detail.overview().engine()),
                "csrf", pages.frame(ctx, "").csrf()));
    }

    private void protect(Context ctx, boolean isProtected) {
        actions.protect(pages.caller(ctx), org(ctx), id(ctx), ctx.pathParam("clone"), isProtected);
        back(ctx);
    }

    private void back(Context ctx) {
        ctx.redirect("/orgs/" + org(ctx) + "/engines/" + id(ctx), HttpStatus.SEE_OTHER);
    }

    /** The API answers the engine's failure as {@code {code, message}}; a page shows its message. */
    private void failed(EngineCallFailed e, Context ctx) {
        ctx.status(e.status());
        if (ctx.path().startsWith(ApiRoutes.PREFIX)) {
            ctx.json(new ApiError(e.code(), e.getMessage()));
        } else if (ctx.header("HX-Request") != null) {
            pages.fragment(ctx, "engineProblem.jte", Map.of("message", e.getMessage()));
        } else {
            pages.render(ctx, "problem.jte", pages.frame(ctx, "The engine did not do that"), Map.of("message", e.getMessage()));
        }
    }

    private static String path(Engine engine) {
        return "/orgs/" + engine.organizationId() + "/engines/" + engine.id();
    }

    private static long org(Context ctx) {
        return Pages.id(ctx, "org");
    }

    private static long id(Context ctx) {
        return Pages.id(ctx, "engine");
    }
}
