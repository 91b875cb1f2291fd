package io.dblab.platform.api;

import io.dblab.platform.audit.Audit;
import io.dblab.platform.audit.AuditFilter;
import io.dblab.platform.auth.ApiTokens;
import io.dblab.platform.auth.Organizations;
import io.dblab.platform.auth.Principal;
import io.dblab.platform.auth.Refusal;
import io.dblab.platform.web.AuditPages;
import io.dblab.platform.web.Pages;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON API under {@value #PREFIX}: every request carries {@code Authorization: Bearer <token>} (an
 * API token, never the session cookie, so another site's page cannot use a person's session here);
 * an unknown, expired or revoked token gets 401, another organization's objects 404.
 */
public final class ApiRoutes {
    public static final String PREFIX = "/api/";
    private static final String BEARER = "Bearer ";
    private static final String PRINCIPAL = "platform.api.principal";
    private final ApiTokens tokens;
    private final Organizations organizations;
    private final Audit audit;

    public ApiRoutes(ApiTokens tokens, Organizations organizations, Audit audit) {
        this.tokens = tokens;
        this.organizations = organizations;
        this.audit = audit;
    }

    public void routes(RoutesConfig routes) {
        routes.before(PREFIX + "*", this::authenticate);
        routes.get(PREFIX + "me", ctx -> {
            Principal p = principal(ctx);
            Map<String, Object> me = new LinkedHashMap<>();
            me.put("name", p.name());
            me.put("userId", p.userId());
            me.put("organizationId", p.organizationId());
            ctx.json(me);
        });
        routes.get(PREFIX + "organizations", ctx -> ctx.json(organizations.of(principal(ctx)).stream()
                .map(m -> Map.of("id", m.organization().id(), "name", m.organization().name(), "role", m.role().value()))
                .toList()));
        routes.get(PREFIX + "organizations/{org}/members", ctx -> {
            long org = organizations.access(principal(ctx), Pages.id(ctx, "org")).organization().id();
            ctx.json(organizations.members(org).stream()
                    .map(m -> Map.of("userId", m.userId(), "email", m.email(), "role", m.role().value())).toList());
        });
        routes.get(PREFIX + "organizations/{org}/audit", this::audit);
    }

    /** {@code ?format=csv} for CSV, JSON otherwise; the filters as on the page. */
    private void audit(Context ctx) {
        long org = organizations.manage(principal(ctx), Pages.id(ctx, "org")).organization().id();
        String format = ctx.queryParam("format") == null ? "json" : ctx.queryParam("format");
        if (!List.of("json", "csv").contains(format)) {
            throw Refusal.badRequest("format must be json or csv");
        }
        AuditPages.sendExport(ctx, org, format, audit.read(org, AuditFilter.from(ctx::queryParam), Audit.MAX_ROWS));
    }

    private void authenticate(Context ctx) {
        String header = ctx.header("Authorization");
        String presented = header != null && header.startsWith(BEARER) ? header.substring(BEARER.length()).strip() : null;
        Principal principal = tokens.authenticate(presented).orElseThrow(() -> Refusal.unauthorized(
                "missing, unknown, expired or revoked token: send Authorization: Bearer <API token>"));
        ctx.attribute(PRINCIPAL, principal);
    }

    /** Who the API request is from: set before any route under {@value #PREFIX} runs. */
    public static Principal principal(Context ctx) {
        return ctx.attribute(PRINCIPAL);
    }
}
