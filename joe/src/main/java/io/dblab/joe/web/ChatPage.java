package io.dblab.joe.web;

import io.dblab.joe.frontend.CommandDesk;
import io.dblab.serverkit.http.TokenCheck;
import io.dblab.serverkit.web.StaticAssets;
import io.dblab.serverkit.web.Templates;
import io.dblab.serverkit.web.WebSignIn;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The web chat page: a person signs in with Joe's token, then types commands and sees each answer
 * appended (text, insights, flame graph). Commands go through the same {@link CommandDesk} as
 * {@code POST /api/commands}. Signing in and CSRF are {@link WebSignIn}'s; every page forbids script,
 * style and images from anywhere but Joe.
 */
public final class ChatPage {
    private static final Logger LOG = LoggerFactory.getLogger(ChatPage.class);
    public static final String PATH = "/chat";
    /** The session cookie: a random ID, never Joe's token. */
    static final String COOKIE = "joe_session";

    private final CommandDesk desk;
    private final WebSignIn signIn;
    private final Templates templates = new Templates(ChatPage.class, "io.dblab.joe.web.templates");
    private final StaticAssets assets = new StaticAssets(ChatPage.class, "io/dblab/joe/web/assets/",
            "chat.js", "chat.css", "joe.svg");

    public ChatPage(TokenCheck token, CommandDesk desk, boolean tls, Clock clock) {
        this.desk = desk;
        this.signIn = new WebSignIn(token, PATH, COOKIE, tls, clock);
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
            signIn.requireSignedIn(ctx);
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
        String id = signIn.session(ctx);
        if (signIn.signedIn(id)) {
            html(ctx, "chat.jte", Map.of(WebSignIn.CSRF_FIELD, signIn.csrfToken(id)));
        } else {
            signInForm(ctx, id, null);
        }
    }

    private void signIn(Context ctx) {
        if (!signIn.signIn(ctx, ctx.formParam("token"))) {
            LOG.info("chat page: sign-in from {} refused: wrong token", ctx.ip());
            signInForm(ctx.status(401), signIn.session(ctx), "That is not Joe's token. Use the value of server.token"
                    + " in Joe's configuration (JOE_TOKEN).");
            return;
        }
        LOG.info("chat page: signed in from {}", ctx.ip());
        ctx.redirect(PATH, HttpStatus.SEE_OTHER);
    }

    private void signOut(Context ctx) {
        signIn.signOut(ctx);
        ctx.redirect(PATH, HttpStatus.SEE_OTHER);
    }

    private void command(Context ctx) {
        signIn.signedInPost(ctx);
        String user = ctx.formParam("user");
        String channel = ctx.formParam("channel");
        String text = ctx.formParam("text");
        CommandDesk.Reply reply = desk.run(user, channel, text);
        String flameGraph = reply.flameGraphId().map(fg -> PATH + "/flamegraphs/" + fg).orElse(null);
        html(ctx, "exchange.jte", Map.of("exchange", Exchange.of(user, channel, text, reply.answer(), flameGraph)));
    }

    private void signInForm(Context ctx, String id, String problem) {
        Map<String, Object> params = new HashMap<>();
        params.put(WebSignIn.CSRF_FIELD, signIn.csrfToken(id));
        params.put("problem", problem);
        html(ctx, "signin.jte", params);
    }

    private void html(Context ctx, String template, Map<String, Object> params) {
        templates.respond(ctx, template, params);
    }
}
