package io.dblab.platform.web;

import io.dblab.platform.auth.AccessActions;
import io.dblab.platform.auth.ApiTokens;
import io.dblab.platform.auth.Caller;
import io.dblab.platform.auth.Organizations;
import io.dblab.platform.auth.Refusal;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * API tokens: a person's own at {@code /tokens}, an organization's at {@code /orgs/{id}/tokens} (for its
 * owners and admins). A new token is shown once, in the answer to the form that made it; revoking
 * replaces the token's row in place (htmx) or reloads the page (without script).
 */
public final class TokenPages implements WebFeature {
    private final Pages pages;
    private final AccessActions actions;
    private final ApiTokens tokens;

    public TokenPages(Pages pages, AccessActions actions, ApiTokens tokens) {
        this.pages = pages;
        this.actions = actions;
        this.tokens = tokens;
    }

    @Override
    public void routes(RoutesConfig routes) {
        routes.get("/tokens", ctx -> show(ctx, null, null));
        routes.post("/tokens", ctx -> create(ctx, null));
        routes.post("/tokens/{token}/revoke", ctx -> revoke(ctx, null));
        routes.get("/orgs/{org}/tokens", ctx -> show(ctx, Pages.id(ctx, "org"), null));
        routes.post("/orgs/{org}/tokens", ctx -> create(ctx, Pages.id(ctx, "org")));
        routes.post("/orgs/{org}/tokens/{token}/revoke", ctx -> revoke(ctx, Pages.id(ctx, "org")));
    }

    @Override
    public List<OrgPage> orgPages() {
        return List.of(new OrgPage("Tokens", "/tokens"));
    }

    private void create(Context ctx, Long org) {
        int days;
        try {
            days = Integer.parseInt(String.valueOf(ctx.formParam("days")).strip());
        } catch (NumberFormatException e) {
            throw Refusal.badRequest("the expiry must be a number of days");
        }
        show(ctx, org, actions.createToken(pages.caller(ctx), org, ctx.formParam("name"), days));
    }

    private void revoke(Context ctx, Long org) {
        Caller caller = pages.caller(ctx);
        long id = Pages.id(ctx, "token");
        actions.revokeToken(caller, org, id);
        if (ctx.header("HX-Request") != null) {
            ApiTokens.Token token = tokens.byId(actions.owner(caller, org), id).orElseThrow();
            pages.fragment(ctx, "tokenRow.jte", row(token, base(org), pages.frame(ctx, "").csrf()));
        } else {
            ctx.redirect(base(org), HttpStatus.SEE_OTHER);
        }
    }

    private void show(Context ctx, Long org, ApiTokens.NewToken created) {
        Caller caller = pages.caller(ctx);
        ApiTokens.Owner owner = actions.owner(caller, org);
        Frame frame;
        if (org == null) {
            frame = pages.frame(ctx, "My API tokens");
        } else {
            Organizations.Organization organization = pages.organizations().access(caller.principal(), org).organization();
            frame = pages.orgFrame(ctx, organization.name() + ": API tokens", organization);
        }
        Map<String, Object> params = new HashMap<>();
        params.put("tokens", tokens.list(owner));
        params.put("base", base(org));
        params.put("created", created);
        params.put("now", Instant.now());
        params.put("maxDays", ApiTokens.MAX_DAYS);
        pages.render(ctx, "tokens.jte", frame, params);
    }

    private static Map<String, Object> row(ApiTokens.Token token, String base, String csrf) {
        return Map.of("token", token, "base", base, "csrf", csrf, "now", Instant.now());
    }

    private static String base(Long org) {
        return org == null ? "/tokens" : "/orgs/" + org + "/tokens";
    }
}
