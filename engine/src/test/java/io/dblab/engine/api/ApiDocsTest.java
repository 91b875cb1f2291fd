package io.dblab.engine.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.dblab.engine.Engine;
import io.dblab.testkit.FreePorts;
import io.dblab.testkit.TempDirs;
import io.dblab.testkit.browser.Browser;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/**
 * The engine's own OpenAPI document and its interactive page: served without a token, a valid
 * OpenAPI 3 document that describes exactly the routes the engine's Javalin app serves (read from
 * Javalin, not from a list), and a Swagger UI page from the engine's own files that renders in a real
 * browser under the page's Content-Security-Policy.
 */
class ApiDocsTest {
    private static Path dir;
    private static Engine engine;
    private static String base;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        dir = Files.createTempDirectory("dblab-apidocs-");
        engine = Engine.start(ApiOnlyConfig.of(dir, FreePorts.next(), "docs-token", null));
        base = "http://127.0.0.1:" + engine.apiPort();
    }

    @AfterAll
    static void stop() {
        if (engine != null) {
            engine.close();
        }
        TempDirs.deleteRecursively(dir);
    }

    @Test
    void theDocumentDescribesExactlyTheRoutesTheEngineServes() throws Exception {
        HttpResponse<String> doc = get("/api-doc");
        assertThat(doc.statusCode()).as("no token needed").isEqualTo(200);
        assertThat(doc.headers().firstValue("Content-Type").orElse("")).startsWith("application/yaml");
        SwaggerParseResult parsed = new OpenAPIV3Parser().readContents(doc.body(), null, null);
        assertThat(parsed.getMessages()).as("a valid OpenAPI document").isEmpty();
        OpenAPI api = parsed.getOpenAPI();
        Set<String> documented = new TreeSet<>();
        api.getPaths().forEach((path, item) -> item.readOperationsMap()
                .forEach((method, operation) -> documented.add(method.name() + " " + path)));
        // HEAD and OPTIONS are Javalin's own answers, not routes of the engine
        Set<String> served = new TreeSet<>(engine.apiRoutes());
        assertThat(served).contains("GET /status", "PATCH /branch/{name}", "GET /ui/clones", "GET /api-doc");
        assertThat(documented).isEqualTo(served);
    }

    @Test
    void thePageAndItsFilesComeFromTheEngineUnderAStrictPolicy() throws Exception {
        HttpResponse<String> page = get("/api-doc/ui");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Security-Policy").orElseThrow())
                .contains("default-src 'none'", "script-src 'self'", "style-src 'self'")
                .doesNotContain("unsafe-inline", "unsafe-eval", "http");
        assertThat(page.body()).doesNotContain("<script>", "http://", "https://");
        assertThat(get("/api-doc/ui/swagger-ui-bundle.js").statusCode()).isEqualTo(200);
        assertThat(get("/api-doc/ui/swagger-ui.css").headers().firstValue("Content-Type").orElse(""))
                .startsWith("text/css");
        assertThat(get("/api-doc/ui/nothing.js").statusCode()).isEqualTo(404);
    }

    @Test
    void swaggerUiRendersTheOperationsInARealBrowser() {
        try (Browser browser = Browser.start()) {
            browser.open(base + "/api-doc/ui");
            Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() ->
                    !browser.driver().findElements(By.cssSelector(".opblock-summary-path")).isEmpty());
            assertThat(browser.driver().findElements(By.cssSelector(".opblock-summary-path")))
                    .extracting(e -> e.getAttribute("data-path")).contains("/clone/{id}", "/branch/{name}");
            assertThat(browser.consoleErrors()).as("no Content-Security-Policy violation or other error").isEmpty();
        }
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
