package io.dblab.platform.web;

import io.dblab.platform.audit.Audit;
import io.dblab.platform.audit.AuditEvent;
import io.dblab.platform.auth.Refusal;
import io.dblab.platform.auth.SignIn;
import io.dblab.platform.auth.Users;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.HashMap;
import java.util.Map;

/** Sign-in and sign-out; the start page sends a person to their organizations or to sign in. */
public final class SignInPages implements WebFeature {
    public static final String PATH = "/signin";
    private final Pages pages;
    private final SignIn signIn;
    private final Audit audit;

    public SignInPages(Pages pages, SignIn signIn, Audit audit) {
        this.pages = pages;
        this.signIn = signIn;
        this.audit = audit;
    }

    @Override
    public void routes(RoutesConfig routes) {
        routes.get("/", ctx -> ctx.redirect(pages.principal(ctx).isPresent() ? "/orgs" : PATH, HttpStatus.SEE_OTHER));
        routes.get(PATH, ctx -> form(ctx, null, ""));
        routes.post(PATH, this::signIn);
        routes.post("/signout", this::signOut);
    }

    private void signIn(Context ctx) {
        String email = ctx.formParam("email");
        try {
            Users.User user = signIn.check(email, ctx.formParam("password"), ctx.ip());
            pages.signIn(ctx, user.id());
            ctx.redirect("/orgs", HttpStatus.SEE_OTHER);
        } catch (Refusal e) {
            if (e.status() != 401 && e.status() != 429) {
                throw e;
            }
            ctx.status(e.status());
            form(ctx, e.getMessage(), email == null ? "" : email);
        }
    }

    private void signOut(Context ctx) {
        pages.principal(ctx).ifPresent(p -> audit.record(AuditEvent.of(p.actor(), "signout").from(ctx.ip())));
        pages.signOut(ctx);
        ctx.redirect(PATH, HttpStatus.SEE_OTHER);
    }

    private void form(Context ctx, String problem, String email) {
        Map<String, Object> params = new HashMap<>();
        params.put("problem", problem);
        params.put("email", email);
        pages.render(ctx, "signin.jte", pages.frame(ctx, "Sign in"), params);
    }
}
