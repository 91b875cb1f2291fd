package io.dblab.joe.web;

import io.javalin.http.Context;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The chat page's cookie: a random session ID, never Joe's token. HttpOnly (no script reads it),
 * SameSite=Strict (no other site's page or link sends it), Path=/ and Secure when Joe speaks TLS.
 * It has no expiry: it ends with the browser, or earlier with the session in {@link WebSessions}.
 */
final class SessionCookie {
    static final String NAME = "joe_session";
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{16,64}");
    private final boolean secure;

    SessionCookie(boolean secure) {
        this.secure = secure;
    }

    /** The ID the browser sent, when it has the shape of one Joe makes. */
    Optional<String> read(Context ctx) {
        return Optional.ofNullable(ctx.cookie(NAME)).filter(id -> ID.matcher(id).matches());
    }

    void write(Context ctx, String id) {
        ctx.addHeader("Set-Cookie", NAME + "=" + id + attributes());
    }

    void clear(Context ctx) {
        ctx.addHeader("Set-Cookie", NAME + "=; Max-Age=0" + attributes());
    }

    private String attributes() {
        return "; Path=/; HttpOnly; SameSite=Strict" + (secure ? "; Secure" : "");
    }
}
