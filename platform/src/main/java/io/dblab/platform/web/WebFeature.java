package io.dblab.platform.web;

import io.javalin.config.JavalinConfig;
import io.javalin.config.RoutesConfig;
import java.util.List;

/**
 * A part of the web UI: its routes and the organization pages it adds to the navigation bar. A new
 * page is a template, a handler that calls {@link Pages#render} with {@link Pages#orgFrame}, and an
 * entry here; the Platform checks CSRF on every POST and signs people in before any handler runs.
 */
public interface WebFeature {
    void routes(RoutesConfig routes);

    default List<OrgPage> orgPages() {
        return List.of();
    }

    /** For a feature that needs more of the server than routes, such as a WebSocket endpoint; called before {@link #routes}. */
    default void mount(JavalinConfig config) {
    }
}
