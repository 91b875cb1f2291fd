package io.dblab.serverkit.web;

import io.javalin.http.Context;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A web page's session cookie: a random session ID, never a token. HttpOnly (no script reads it),
 * SameSite=Strict (no other site's page or link sends it), Path=/ and Secure when the server speaks TLS.
 * It has no expiry: it ends with the browser, or earlier with the session on the server.
 */
public final class SessionCookie {
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{16,64}");
    private final String name;
    private final boolean secure;

    public SessionCookie(String name, boolean secure) {
        this.name = name;
        this.secure = secure;
    }

    /** The ID the browser sent, when it has the shape of one the server makes. */
    public Optional<String> read(Context ctx) {
        return Optional.ofNullable(ctx.cookie(name)).filter(id -> ID.matcher(id).matches());
    }

    public void write(Context ctx, String id) {
        ctx.addHeader("Set-Cookie", name + "=" + id + attributes());
    }

    public void clear(Context ctx) {
        ctx.addHeader("Set-Cookie", name + "=; Max-Age=0" + attributes());
    }

    private String attributes() {
        return "; Path=/; HttpOnly; SameSite=Strict" + (secure ? "; Secure" : "");
    }
}
