package io.dblab.platform.engines;

import io.dblab.platform.auth.Refusal;
import io.dblab.serverkit.http.Loopback;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/** Checks of what people type when they register an engine: a clear 400 for each problem. */
final class EngineInput {
    private EngineInput() {}

    static String name(String name) {
        String trimmed = name == null ? "" : name.strip();
        if (trimmed.isEmpty() || trimmed.length() > 100) {
            throw Refusal.badRequest("an engine needs a name of 1 to 100 characters");
        }
        return trimmed;
    }

    /** The engine's API: {@code https://…}, or {@code http://} to a loopback address only (the token must not cross a network in clear). */
    static String url(String url) {
        String trimmed = url == null ? "" : url.strip();
        URI uri;
        try {
            uri = new URI(trimmed);
        } catch (URISyntaxException e) {
            throw Refusal.badRequest("the engine's URL is not a URL: " + e.getMessage());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (uri.getHost() == null || !(scheme.equals("https") || scheme.equals("http")) || uri.getUserInfo() != null
                || uri.getQuery() != null || uri.getFragment() != null || trimmed.length() > 500) {
            throw Refusal.badRequest("the engine's URL must look like https://engine.example.com:2345");
        }
        if (scheme.equals("http") && !Loopback.isLoopback(uri.getHost())) {
            throw Refusal.badRequest("refusing http:// to " + uri.getHost() + ": an engine on another host is reached"
                    + " over https:// (its token must not travel in clear)");
        }
        return trimmed.endsWith("/") ? trimmed.substring(0, trimmed.length() - 1) : trimmed;
    }

    static String token(String token) {
        String trimmed = token == null ? "" : token.strip();
        if (trimmed.isEmpty() || trimmed.length() > 500) {
            throw Refusal.badRequest("give the engine's platform.controlToken (1 to 500 characters)");
        }
        return trimmed;
    }
}
