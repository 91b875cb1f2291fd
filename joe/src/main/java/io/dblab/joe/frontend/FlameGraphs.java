package io.dblab.joe.frontend;

import io.dblab.joe.session.ClonePasswords;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.util.Optional;

/** The most recent flame graphs, in memory, under random IDs: a link in an answer serves its SVG for a while. */
public final class FlameGraphs {
    public static final int KEPT = 500;
    private final Newest<String, String> svgs = new Newest<>(KEPT);

    String add(String svg) {
        String id = ClonePasswords.randomToken();
        svgs.put(id, svg);
        return id;
    }

    Optional<String> get(String id) {
        return svgs.get(id);
    }

    /** Answers with the SVG named by the path's {@code id}, which may not run script or load anything; 404 when gone. */
    public void serve(Context ctx) {
        String svg = get(ctx.pathParam("id")).orElseThrow(() -> new HttpResponseException(404,
                "no such flame graph (only the last " + KEPT + " are kept)"));
        ctx.contentType("image/svg+xml").header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'")
                .result(svg);
    }
}
