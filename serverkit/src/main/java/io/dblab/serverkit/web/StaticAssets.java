package io.dblab.serverkit.web;

import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * The files a server's pages load, all from the server itself (no CDN): htmx from its webjar, whose
 * version is read from the webjar's own pom.properties, and the server's own scripts, style sheets and
 * icons. Read once, at start, so a missing one is found then. Served at {@link #PATH}{@code {name}}.
 */
public final class StaticAssets {
    public static final String PATH = "/assets/";
    private static final String HTMX_POM = "META-INF/maven/org.webjars.npm/htmx.org/pom.properties";
    private static final Map<String, String> TYPES = Map.of(
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "svg", "image/svg+xml");

    private record Asset(String contentType, byte[] bytes) {
    }

    private final ClassLoader loader;
    private final Map<String, Asset> assets = new HashMap<>();

    /**
     * htmx and {@code files} from the class path folder {@code folder} (such as
     * {@code io/dblab/joe/web/assets/}) of {@code owner}'s module; the module also depends on the htmx
     * webjar.
     */
    public StaticAssets(Class<?> owner, String folder, String... files) {
        loader = owner.getClassLoader();
        assets.put("htmx.min.js", new Asset(TYPES.get("js"), read(htmxPath())));
        for (String file : files) {
            String extension = file.substring(file.lastIndexOf('.') + 1);
            String type = TYPES.get(extension);
            if (type == null) {
                throw new IllegalArgumentException("no content type known for " + file);
            }
            assets.put(file, new Asset(type, read(folder + file)));
        }
    }

    public void serve(Context ctx) {
        Asset asset = assets.get(ctx.pathParam("name"));
        if (asset == null) {
            throw new HttpResponseException(404, "no such asset: " + ctx.pathParam("name"));
        }
        ctx.contentType(asset.contentType()).header("Cache-Control", "no-cache").result(asset.bytes());
    }

    private String htmxPath() {
        Properties pom = new Properties();
        try (InputStream in = resource(HTMX_POM)) {
            pom.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return "META-INF/resources/webjars/htmx.org/" + pom.getProperty("version") + "/dist/htmx.min.js";
    }

    private byte[] read(String path) {
        try (InputStream in = resource(path)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private InputStream resource(String path) {
        InputStream in = loader.getResourceAsStream(path);
        if (in == null) {
            throw new IllegalStateException("the page file " + path + " is missing from the class path");
        }
        return in;
    }
}
