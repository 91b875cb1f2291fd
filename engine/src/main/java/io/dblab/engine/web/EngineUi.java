package io.dblab.engine.web;

import io.dblab.engine.audit.AuditLog;
import io.dblab.engine.clone.CloneService;
import io.dblab.engine.error.BadRequestException;
import io.dblab.engine.error.NotFoundException;
import io.dblab.engine.retrieval.RetrievalService;
import io.dblab.engine.snapshot.SnapshotService;
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
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's own pages at {@code /ui}, for teams without a Platform: clones (list, create, reset,
 * protect, destroy) and snapshots (list, create). A person signs in with the engine's verification
 * token ({@link WebSignIn}: a session cookie, CSRF on every POST); the token never appears in a page,
 * a URL or a log. Actions go through {@link UiActions}: the API's checks, the UI's audit lines.
 * Forms post with htmx and get the list back; without JavaScript they post and are sent back to the page.
 */
public final class EngineUi {
    private static final Logger LOG = LoggerFactory.getLogger(EngineUi.class);
    public static final String PATH = "/ui";
    static final String CLONES = PATH + "/clones";
    static final String SNAPSHOTS = PATH + "/snapshots";
    /** The session cookie: a random ID, never the token. */
    static final String COOKIE = "dblab_ui_session";

    private final WebSignIn signIn;
    private final UiActions actions;
    private final Templates templates = new Templates(EngineUi.class, "io.dblab.engine.web.templates");
    private final StaticAssets assets = new StaticAssets(EngineUi.class, "io/dblab/engine/web/assets/",
            "ui.js", "ui.css", "dblab.svg");

    public EngineUi(TokenCheck verificationToken, boolean tls, Clock clock, CloneService clones, SnapshotService snapshots,
                    RetrievalService retrieval, AuditLog audit, String accessHost) {
        this.signIn = new WebSignIn(verificationToken, PATH, COOKIE, tls, clock);
        this.actions = new UiActions(clones, snapshots, retrieval, audit, accessHost);
    }

    /** Whether a path is the UI's: it signs people in itself, and its errors are answered as HTML, not as the API's JSON. */
    public static boolean serves(String path) {
        return path.equals(PATH) || path.startsWith(PATH + "/") || path.startsWith(StaticAssets.PATH);
    }

    public void addRoutes(RoutesConfig routes) {
        routes.get(PATH, ctx -> ctx.redirect(CLONES, HttpStatus.SEE_OTHER));
        routes.post(PATH + "/signin", this::signIn);
        routes.post(PATH + "/signout", ctx -> {
            signIn.signOut(ctx);
            ctx.redirect(PATH, HttpStatus.SEE_OTHER);
        });
        routes.get(CLONES, ctx -> page(ctx, "clones.jte", session -> clonesView(session, null, null)));
        routes.get(CLONES + "/list", ctx -> {
            signIn.requireSignedIn(ctx);
            templates.respond(ctx, "clonelist.jte", Map.of("view", clonesView(signIn.session(ctx), null, null)));
        });
        routes.post(CLONES, ctx -> cloneAction(ctx, () -> actions.createClone(ctx.ip(), ctx.formParam("id"),
                ctx.formParam("username"), ctx.formParam("password"), checked(ctx, "restricted"), checked(ctx, "protected"))));
        routes.post(CLONES + "/reset", ctx -> cloneAction(ctx, () -> actions.resetClone(ctx.ip(), cloneId(ctx))));
        routes.post(CLONES + "/protect", ctx -> cloneAction(ctx, () -> actions.protectClone(ctx.ip(), cloneId(ctx), true)));
        routes.post(CLONES + "/unprotect", ctx -> cloneAction(ctx, () -> actions.protectClone(ctx.ip(), cloneId(ctx), false)));
        routes.post(CLONES + "/destroy", ctx -> cloneAction(ctx, () -> actions.destroyClone(ctx.ip(), cloneId(ctx))));
        routes.get(SNAPSHOTS, ctx -> page(ctx, "snapshots.jte", session -> snapshotsView(session, null, null)));
        routes.post(SNAPSHOTS, this::createSnapshot);
        routes.get(StaticAssets.PATH + "{name}", assets::serve);
    }

    /** An error on one of the UI's paths: a page with the message, or the message alone for htmx's requests. */
    public void refuse(Context ctx, int status, String message) {
        boolean htmx = htmx(ctx);
        if (status == 401 && htmx) {
            // the session ended (idle, or the engine restarted): htmx takes the whole page to the sign-in form
            ctx.header("HX-Redirect", PATH);
        }
        templates.respond(ctx.status(status), htmx ? "problem.jte" : "problempage.jte", Map.of("message", message));
    }

    private void page(Context ctx, String template, Function<String, Object> view) {
        String session = signIn.session(ctx);
        if (signIn.signedIn(session)) {
            templates.respond(ctx, template, Map.of("view", view.apply(session)));
        } else {
            signInForm(ctx, session, null);
        }
    }

    private void signIn(Context ctx) {
        if (!signIn.signIn(ctx, ctx.formParam("token"))) {
            LOG.info("UI: sign-in from {} refused: wrong token", ctx.ip());
            signInForm(ctx.status(401), signIn.session(ctx), "That is not the engine's verification token"
                    + " (server.verificationToken in its configuration).");
            return;
        }
        LOG.info("UI: signed in from {}", ctx.ip());
        ctx.redirect(CLONES, HttpStatus.SEE_OTHER);
    }

    private void signInForm(Context ctx, String session, String problem) {
        Map<String, Object> params = new HashMap<>();
        params.put("csrf", signIn.csrfToken(session));
        params.put("problem", problem);
        templates.respond(ctx, "signin.jte", params);
    }

    /**
     * Runs a clone action for a signed-in POST with its CSRF token and answers with the clone list and
     * the action's notice, or its refusal (400, 404) with the list as it is.
     */
    private void cloneAction(Context ctx, Supplier<String> action) {
        String session = signIn.signedInPost(ctx);
        try {
            done(ctx, CLONES, "clonelist.jte", clonesView(session, action.get(), null));
        } catch (BadRequestException | NotFoundException e) {
            refused(ctx, e, "clonelist.jte", clonesView(session, null, e.getMessage()));
        }
    }

    private void createSnapshot(Context ctx) {
        String session = signIn.signedInPost(ctx);
        try {
            done(ctx, SNAPSHOTS, "snapshotlist.jte", snapshotsView(session, actions.createSnapshot(ctx.ip()), null));
        } catch (BadRequestException e) {
            refused(ctx, e, "snapshotlist.jte", snapshotsView(session, null, e.getMessage()));
        }
    }

    /** htmx gets the list to swap in; a plain form post is sent back to the page (the notice is lost, the change is not). */
    private void done(Context ctx, String page, String list, Object view) {
        if (htmx(ctx)) {
            templates.respond(ctx, list, Map.of("view", view));
        } else {
            ctx.redirect(page, HttpStatus.SEE_OTHER);
        }
    }

    /** A refused action: htmx gets the list with the reason above it, a plain form post the reason in a page. */
    private void refused(Context ctx, RuntimeException e, String list, Object view) {
        int status = e instanceof NotFoundException ? 404 : 400;
        if (htmx(ctx)) {
            templates.respond(ctx.status(status), list, Map.of("view", view));
        } else {
            refuse(ctx, status, e.getMessage());
        }
    }

    private static boolean htmx(Context ctx) {
        return ctx.header("HX-Request") != null;
    }

    private ClonesView clonesView(String session, String notice, String problem) {
        return new ClonesView(signIn.csrfToken(session), actions.cloneRows(), notice, problem);
    }

    private SnapshotsView snapshotsView(String session, String notice, String problem) {
        return new SnapshotsView(signIn.csrfToken(session), actions.snapshotRows(), notice, problem);
    }

    private static String cloneId(Context ctx) {
        String id = ctx.formParam("id");
        if (id == null || id.isBlank()) {
            throw new BadRequestException("which clone? the form has no clone ID");
        }
        return id;
    }

    private static boolean checked(Context ctx, String checkbox) {
        return "true".equals(ctx.formParam(checkbox));
    }
}
