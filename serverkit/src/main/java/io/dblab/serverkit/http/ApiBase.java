package io.dblab.serverkit.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.config.JavalinConfig;
import io.javalin.json.JavalinJackson;

/** What every Database Lab HTTP API sets up alike: Jackson for JSON, a body limit, {@link HttpLimits}, one {@link Listener}. */
public final class ApiBase {
    private ApiBase() {}

    public static void configure(JavalinConfig cfg, ObjectMapper json, long maxBodyBytes, Listener listener, HttpLimits limits) {
        cfg.jsonMapper(new JavalinJackson(json, false));
        cfg.http.maxRequestSize = maxBodyBytes;
        cfg.startup.showJavalinBanner = false;
        cfg.jetty.modifyServer(server -> server.setHandler(limits));
        cfg.jetty.addConnector((server, httpConfig) -> listener.connector(server, httpConfig, limits));
    }
}
