package io.dblab.engine.api;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Properties;

/**
 * The engine's own OpenAPI document at {@code /api-doc} and an interactive page for it at
 * {@code /api-doc/ui}: Swagger UI from its webjar, served by the engine (no CDN), under a strict
 * Content-Security-Policy (no inline script; Swagger UI's icons are data: images). No token needed:
 * the document describes the API, it holds no data. Everything is read once, at start.
 */
final class ApiDocs {
    static final String PATH = "/api-doc";
    private static final String FOLDER = "io/dblab/engine/api/";
    private static final String SWAGGER_POM = "META-INF/maven/org.webjars/swagger-ui/pom.properties";
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; connect-src 'self'; form-action 'none'; frame-ancestors 'none'; base-uri 'none'";

    private record File(String contentType, byte[] bytes) {}

    private final byte[] document;
    private final byte[] page;
    private final Map<String, File> files;

    ApiDocs() {
        document = read(FOLDER + "openapi.yaml");
        page = read(FOLDER + "docs/index.html");
        String swagger = "META-INF/resources/webjars/swagger-ui/" + swaggerVersion() + "/";
        files = Map.of(
                "swagger-ui.css", new File("text/css; charset=utf-8", read(swagger + "swagger-ui.css")),
                "swagger-ui-bundle.js", new File("text/javascript; charset=utf-8", read(swagger + "swagger-ui-bundle.js")),
                "favicon-32x32.png", new File("image/png", read(swagger + "favicon-32x32.png")),
                "init.js", new File("text/javascript; charset=utf-8", read(FOLDER + "docs/init.js")));
    }

    static boolean serves(String path) {
        return path.equals(PATH) || path.startsWith(PATH + "/");
    }

    void addRoutes(RoutesConfig routes) {
        routes.get(PATH, ctx -> ctx.contentType("application/yaml; charset=utf-8").result(document));
        routes.get(PATH + "/ui", ctx -> secured(ctx).contentType("text/html; charset=utf-8").result(page));
        routes.get(PATH + "/ui/{file}", this::serveFile);
    }

    private void serveFile(Context ctx) {
        File file = files.get(ctx.pathParam("file"));
        if (file == null) {
            throw new HttpResponseException(404, "no such file: " + ctx.pathParam("file"));
        }
        secured(ctx).contentType(file.contentType()).header("Cache-Control", "no-cache").result(file.bytes());
    }

    private static Context secured(Context ctx) {
        return ctx.header("Content-Security-Policy", CONTENT_SECURITY_POLICY).header("X-Content-Type-Options", "nosniff")
                .header("Referrer-Policy", "no-referrer");
    }

    private static String swaggerVersion() {
        Properties pom = new Properties();
        try (InputStream in = resource(SWAGGER_POM)) {
            pom.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return pom.getProperty("version");
    }

    private static byte[] read(String path) {
        try (InputStream in = resource(path)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static InputStream resource(String path) {
        InputStream in = ApiDocs.class.getClassLoader().getResourceAsStream(path);
        if (in == null) {
            throw new IllegalStateException("the API documentation file " + path + " is missing from the class path");
        }
        return in;
    }
}
