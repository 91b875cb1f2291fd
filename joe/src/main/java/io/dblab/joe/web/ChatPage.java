package io.dblab.joe.web;

import io.dblab.joe.frontend.CommandDesk;
import io.dblab.joe.session.ClonePasswords;
import io.dblab.serverkit.http.TokenCheck;
import io.dblab.serverkit.web.CsrfTokens;
import io.dblab.serverkit.web.SessionCookie;
import io.dblab.serverkit.web.StaticAssets;
import io.dblab.serverkit.web.Templates;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The web chat page: a person signs in with Joe's token, then types commands and sees each answer
 * appended (text, insights, flame graph). Commands go through the same {@link CommandDesk} as
 * {@code POST /api/commands}. The token is only ever in the sign-in POST's body: the browser keeps a
 * random session ID in a {@link SessionCookie}; every POST must carry the session's CSRF token
 * ({@link CsrfTokens}); every page forbids script, style and images from anywhere but Joe.
 */
public final class ChatPage {
    private static final Logger LOG = LoggerFactory.getLogger(ChatPage.class);
    public static final String PATH = "/chat";
    /** The session cookie: a random ID, never Joe's token. */
    static final String COOKIE = "joe_session";
    private static final String CSRF_FIELD = "csrf";
    private static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "img-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    private final TokenCheck token;
    private final CommandDesk desk;
    private final SessionCookie cookie;
    private final WebSessions sessions;
    private final CsrfTokens csrf = new CsrfTokens();
    private final Templates templates = new Templates(ChatPage.class, "io.dblab.joe.web.templates");
    private final StaticAssets assets = new StaticAssets(ChatPage.class, "io/dblab/joe/web/assets/",
            "chat.js", "chat.css", "joe.svg");

    public ChatPage(TokenCheck token, CommandDesk desk, boolean tls, Clock clock) {
        this.token = token;
        this.desk = desk;
        this.cookie = new SessionCookie(COOKIE, tls);
        this.sessions = new WebSessions(clock);
    }

    /** Whether a path is the page's, so that its errors are answered as HTML, not as the API's JSON. */
    public static boolean serves(String path) {
        return path.equals("/") || path.equals(PATH) || path.startsWith(PATH + "/") || path.startsWith(StaticAssets.PATH);
    }

    public void addRoutes(RoutesConfig routes) {
        routes.get("/", ctx -> ctx.redirect(PATH, HttpStatus.SEE_OTHER));
        routes.get(PATH, this::show);
        routes.post(PATH + "/signin", this::signIn);
        routes.post(PATH + "/signout", this::signOut);
        routes.post(PATH + "/commands", this::command);
        routes.get(PATH + "/flamegraphs/{id}", ctx -> {
            signedInSession(ctx);
            desk.flameGraphs().serve(ctx);
        });
        routes.get(StaticAssets.PATH + "{name}", assets::serve);
    }

    /** An error on one of the page's paths: a message in the page (or in the answers, for htmx's requests). */
    public void refuse(Context ctx, int status, String message) {
        boolean htmx = ctx.header("HX-Request") != null;
        if (status == 401 && htmx) {
            // the session ended (idle, or Joe restarted): htmx takes the whole page to the sign-in form
            ctx.header("HX-Redirect", PATH);
        }
        html(ctx.status(status), htmx ? "problem.jte" : "problem-page.jte", Map.of("message", message));
    }

    private void show(Context ctx) {
        String id = cookie.read(ctx).orElseGet(() -> {
            String anonymous = ClonePasswords.randomToken();
            cookie.write(ctx, anonymous);
            return anonymous;
        });
        if (sessions.signedIn(id)) {
            html(ctx, "chat.jte", Map.of(CSRF_FIELD, csrf.tokenFor(id)));
        } else {
            signInForm(ctx, id, null);
        }
    }

    private void signIn(Context ctx) {
        String id = checkedSession(ctx);
        if (!token.matches(ctx.formParam("token"))) {
            LOG.info("chat page: sign-in from {} refused: wrong token", ctx.ip());
            signInForm(ctx.status(401), id, "That is not Joe's token. Use the value of server.token in Joe's "
                    + "configuration (JOE_TOKEN).");
            return;
        }
        LOG.info("chat page: signed in from {}", ctx.ip());
        sessions.signOut(id);
        cookie.write(ctx, sessions.signIn());
        ctx.redirect(PATH, HttpStatus.SEE_OTHER);
    }

    private void signOut(Context ctx) {
        sessions.signOut(checkedSession(ctx));
        cookie.clear(ctx);
        ctx.redirect(PATH, HttpStatus.SEE_OTHER);
    }

    private void command(Context ctx) {
        signedInSession(ctx);
        checkedSession(ctx);
        String user = ctx.formParam("user");
        String channel = ctx.formParam("channel");
        String text = ctx.formParam("text");
        CommandDesk.Reply reply = desk.run(user, channel, text);
        String flameGraph = reply.flameGraphId().map(fg -> PATH + "/flamegraphs/" + fg).orElse(null);
        html(ctx, "exchange.jte", Map.of("exchange", Exchange.of(user, channel, text, reply.answer(), flameGraph)));
    }

    private void signInForm(Context ctx, String id, String problem) {
        Map<String, Object> params = new HashMap<>();
        params.put(CSRF_FIELD, csrf.tokenFor(id));
        params.put("problem", problem);
        html(ctx, "signin.jte", params);
    }

    /** The session of a POST that carries its CSRF token; 403 otherwise. */
    private String checkedSession(Context ctx) {
        Optional<String> id = cookie.read(ctx);
        if (id.isEmpty() || !csrf.matches(id.get(), ctx.formParam(CSRF_FIELD))) {
            throw new HttpResponseException(403, "This form is not from your chat page, or it expired. Open " + PATH
                    + " again and retry.");
        }
        return id.get();
    }

    private void signedInSession(Context ctx) {
        if (cookie.read(ctx).filter(sessions::signedIn).isEmpty()) {
            throw new HttpResponseException(401, "You are not signed in (or your session ended). Sign in at " + PATH + ".");
        }
    }

    private void html(Context ctx, String template, Map<String, Object> params) {
        ctx.header("Content-Security-Policy", CONTENT_SECURITY_POLICY).header("X-Content-Type-Options", "nosniff")
                .header("Referrer-Policy", "no-referrer").header("Cache-Control", "no-store")
                .contentType("text/html; charset=utf-8").result(templates.render(template, params));
    }
}
