package io.dblab.serverkit.web;

import io.dblab.serverkit.http.TokenCheck;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.time.Clock;
import java.util.Optional;

/**
 * Signing in to a single server's web page with the server's token (Joe's chat page, the engine's UI).
 * The token is only ever in the sign-in POST's body: the browser keeps a random session ID in a
 * {@link SessionCookie}, from its first visit on, and every POST must carry that session's
 * {@link CsrfTokens} token in the form field {@link #CSRF_FIELD}. Signing in gives a fresh ID, so an ID
 * someone knew before is worth nothing.
 */
public final class WebSignIn {
    public static final String CSRF_FIELD = "csrf";
    private final TokenCheck token;
    private final String page;
    private final SessionCookie cookie;
    private final WebSessions sessions;
    private final CsrfTokens csrf = new CsrfTokens();

    /** {@code page}: where a person signs in, named in the refusals' messages. */
    public WebSignIn(TokenCheck token, String page, String cookieName, boolean tls, Clock clock) {
        this.token = token;
        this.page = page;
        this.cookie = new SessionCookie(cookieName, tls);
        this.sessions = new WebSessions(clock);
    }

    /** The browser's session ID; a new one, in a new cookie, for a browser that has none yet. */
    public String session(Context ctx) {
        return cookie.read(ctx).orElseGet(() -> {
            String anonymous = WebSessions.randomId();
            cookie.write(ctx, anonymous);
            return anonymous;
        });
    }

    /** Whether the session is signed in; asking keeps it alive. */
    public boolean signedIn(String session) {
        return sessions.signedIn(session);
    }

    public String csrfToken(String session) {
        return csrf.tokenFor(session);
    }

    /** The session of a POST that carries its CSRF token; 403 otherwise. */
    public String checkedSession(Context ctx) {
        Optional<String> id = cookie.read(ctx);
        if (id.isEmpty() || !csrf.matches(id.get(), ctx.formParam(CSRF_FIELD))) {
            throw new HttpResponseException(403, "This form is not from your page, or it expired. Open " + page
                    + " again and retry.");
        }
        return id.get();
    }

    /** A POST from a signed-in session with its CSRF token: 401 when not signed in, 403 without the token. */
    public String signedInPost(Context ctx) {
        requireSignedIn(ctx);
        return checkedSession(ctx);
    }

    /** 401 unless the browser's session is signed in. */
    public void requireSignedIn(Context ctx) {
        if (cookie.read(ctx).filter(sessions::signedIn).isEmpty()) {
            throw new HttpResponseException(401, "You are not signed in (or your session ended). Sign in at " + page + ".");
        }
    }

    /**
     * Signs the session of this POST (CSRF-checked) in when {@code presented} is the server's token, with a
     * fresh session ID in the cookie; false, and nothing changed, when it is not.
     */
    public boolean signIn(Context ctx, String presented) {
        String id = checkedSession(ctx);
        if (!token.matches(presented)) {
            return false;
        }
        sessions.signOut(id);
        cookie.write(ctx, sessions.signIn());
        return true;
    }

    public void signOut(Context ctx) {
        sessions.signOut(checkedSession(ctx));
        cookie.clear(ctx);
    }
}
