package io.dblab.joe.web;

import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Properties;

/**
 * The files the chat page loads, all from Joe itself (no CDN): htmx from its webjar, whose version is
 * read from the webjar's own pom.properties, and the page's script, style sheet and icon. Read once, at
 * start, so a missing one is found then.
 */
final class Assets {
    static final String PATH = "/assets/";
    private static final String HTMX_POM = "META-INF/maven/org.webjars.npm/htmx.org/pom.properties";
    private static final String OWN = "io/dblab/joe/web/assets/";

    private record Asset(String contentType, byte[] bytes) {
    }

    private final Map<String, Asset> assets;

    Assets() {
        assets = Map.of(
                "htmx.min.js", new Asset("text/javascript; charset=utf-8", read(htmxPath())),
                "chat.js", new Asset("text/javascript; charset=utf-8", read(OWN + "chat.js")),
                "chat.css", new Asset("text/css; charset=utf-8", read(OWN + "chat.css")),
                "joe.svg", new Asset("image/svg+xml", read(OWN + "joe.svg")));
    }

    void serve(Context ctx) {
        Asset asset = assets.get(ctx.pathParam("name"));
        if (asset == null) {
            throw new HttpResponseException(404, "no such asset: " + ctx.pathParam("name"));
        }
        ctx.contentType(asset.contentType()).header("Cache-Control", "no-cache").result(asset.bytes());
    }

    private static String htmxPath() {
        Properties pom = new Properties();
        try (InputStream in = resource(HTMX_POM)) {
            pom.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return "META-INF/resources/webjars/htmx.org/" + pom.getProperty("version") + "/dist/htmx.min.js";
    }

    private static byte[] read(String path) {
        try (InputStream in = resource(path)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static InputStream resource(String path) {
        InputStream in = Assets.class.getClassLoader().getResourceAsStream(path);
        if (in == null) {
            throw new IllegalStateException("the chat page's file " + path + " is missing from Joe's class path");
        }
        return in;
    }
}
