package io.dblab.platform.web;

import io.dblab.platform.auth.Caller;
import io.dblab.platform.auth.Organizations;
import io.dblab.platform.auth.Principal;
import io.dblab.platform.auth.Refusal;
import io.dblab.platform.auth.WebSessions;
import io.dblab.platform.storage.RandomSecrets;
import io.dblab.serverkit.web.CsrfTokens;
import io.dblab.serverkit.web.SessionCookie;
import io.dblab.serverkit.web.Templates;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What every page shares: the session cookie (a random ID, {@link SessionCookie}), who is signed in
 * ({@link WebSessions}), CSRF tokens under the key all instances share, the layout's {@link Frame} with
 * the navigation bar, and rendering with a strict Content-Security-Policy. Templates escape everything.
 */
public final class Pages {
    public static final String CSRF_FIELD = "csrf";
    static final String COOKIE = "dblab_platform_session";
    private static final String PRINCIPAL = "platform.principal";
    private static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "img-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    private final SessionCookie cookie;
    private final CsrfTokens csrf;
    private final WebSessions sessions;
    private final Organizations organizations;
    private final Templates templates = new Templates(Pages.class, "io.dblab.platform.web.templates");
    private final List<OrgPage> orgPages = new ArrayList<>();

    public Pages(boolean tls, byte[] csrfKey, WebSessions sessions, Organizations organizations) {
        this.cookie = new SessionCookie(COOKIE, tls);
        this.csrf = new CsrfTokens(csrfKey);
        this.sessions = sessions;
        this.organizations = organizations;
    }

    /** Adds a feature's organization pages to the navigation bar, in order. */
    public void addOrgPages(List<OrgPage> pages) {
        orgPages.addAll(pages);
    }

    /** The browser's session ID; a new anonymous one (not stored anywhere) when it has none. */
    public String sessionId(Context ctx) {
        return cookie.read(ctx).orElseGet(() -> {
            String anonymous = RandomSecrets.text(32);
            cookie.write(ctx, anonymous);
            return anonymous;
        });
    }

    /** The signed-in person, looked up once per request. */
    public Optional<Principal> principal(Context ctx) {
        if (ctx.attribute(PRINCIPAL) == null) {
            ctx.attribute(PRINCIPAL, cookie.read(ctx).flatMap(sessions::principal));
        }
        return ctx.attribute(PRINCIPAL);
    }

    public Caller caller(Context ctx) {
        Principal principal = principal(ctx).orElseThrow(() -> Refusal.unauthorized("You are not signed in, or your"
                + " session ended. Sign in again."));
        return new Caller(principal, ctx.ip());
    }

    /** Refuses a POST (403) that does not carry its session's CSRF token. */
    public void checkCsrf(Context ctx) {
        Optional<String> id = cookie.read(ctx);
        if (id.isEmpty() || !csrf.matches(id.get(), ctx.formParam(CSRF_FIELD))) {
            throw Refusal.forbidden("This form is not from your Platform page, or it expired. Open the page again and retry.");
        }
    }

    public void signIn(Context ctx, long userId) {
        cookie.read(ctx).ifPresent(sessions::end);
        cookie.write(ctx, sessions.start(userId));
    }

    public void signOut(Context ctx) {
        cookie.read(ctx).ifPresent(sessions::end);
        cookie.clear(ctx);
    }

    /** The frame of a page outside any organization. */
    public Frame frame(Context ctx, String title) {
        String email = principal(ctx).map(Principal::name).orElse(null);
        List<NavLink> links = email == null ? List.of() : topLinks(ctx);
        return new Frame(title, csrf.tokenFor(sessionId(ctx)), email, null, links);
    }

    /** The frame of an organization's page, with the organization's pages in the navigation bar. */
    public Frame orgFrame(Context ctx, String title, Organizations.Organization org) {
        List<NavLink> links = new ArrayList<>(topLinks(ctx));
        for (OrgPage page : orgPages) {
            String path = page.path(org.id());
            links.add(new NavLink(page.label(), path, ctx.path().equals(path)));
        }
        return new Frame(title, csrf.tokenFor(sessionId(ctx)), principal(ctx).map(Principal::name).orElse(null),
                org.name(), links);
    }

    private static List<NavLink> topLinks(Context ctx) {
        return List.of(new NavLink("Organizations", "/orgs", ctx.path().equals("/orgs")),
                new NavLink("My tokens", "/tokens", ctx.path().equals("/tokens")));
    }

    public Organizations organizations() {
        return organizations;
    }

    /** Renders a template with its {@code frame} and parameters, under the pages' security headers. */
    public void render(Context ctx, String template, Frame frame, Map<String, Object> params) {
        Map<String, Object> all = new HashMap<>(params);
        all.put("frame", frame);
        html(ctx, templates.render(template, all));
    }

    /**
     * As {@link #render}, for a page that shows one of the Platform's own URLs in a frame (a checkup
     * report's sandboxed view): the policy also allows frames from the Platform itself, and nothing else.
     */
    public void renderWithFrame(Context ctx, String template, Frame frame, Map<String, Object> params) {
        render(ctx, template, frame, params);
        ctx.header("Content-Security-Policy", CONTENT_SECURITY_POLICY + "; frame-src 'self'");
    }

    /** A fragment for htmx to swap in (no layout). */
    public void fragment(Context ctx, String template, Map<String, Object> params) {
        html(ctx, templates.render(template, params));
    }

    private static void html(Context ctx, String body) {
        ctx.header("Content-Security-Policy", CONTENT_SECURITY_POLICY).header("X-Content-Type-Options", "nosniff")
                .header("Referrer-Policy", "no-referrer").header("Cache-Control", "no-store")
                .contentType("text/html; charset=utf-8").result(body);
    }

    /** A path parameter that must be a number (an ID); 404 otherwise, like an ID that does not exist. */
    public static long id(Context ctx, String name) {
        try {
            return Long.parseLong(ctx.pathParam(name));
        } catch (NumberFormatException e) {
            throw Refusal.notFound("no such " + name + ": " + ctx.pathParam(name));
        }
    }
}
