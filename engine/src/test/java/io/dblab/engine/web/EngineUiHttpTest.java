package io.dblab.engine.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.dblab.engine.EngineFixture;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The engine's UI over HTTP on a real engine, as a browser or a forger would send requests: the sign-in
 * page for whoever is not signed in, CSRF on every POST, and what people type shown as text, never as
 * markup.
 */
class EngineUiHttpTest {
    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");
    private static final Pattern SESSION = Pattern.compile(EngineUi.COOKIE + "=([^;]*)");
    private static final String PASSWORD = "Ui-Http-Pass-5182-quux";
    private static EngineFixture engine;
    private static String base;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        engine = EngineFixture.start(EngineFixture.Setup.logical(17540, 17544));
        base = "http://127.0.0.1:" + engine.apiPort();
    }

    @AfterAll
    static void stop() {
        if (engine != null) {
            engine.close();
        }
    }

    @Test
    void whoeverIsNotSignedInGetsTheSignInPage() throws Exception {
        HttpResponse<String> root = send(get("/ui", null));
        assertThat(root.statusCode()).isEqualTo(303);
        assertThat(root.headers().firstValue("Location")).hasValue("/ui/clones");

        HttpResponse<String> page = send(get("/ui/clones", null));
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("id=\"signin\"").contains("verification token").doesNotContain("id=\"create\"");
        assertThat(page.headers().firstValue("Set-Cookie").orElseThrow()).contains("HttpOnly").contains("SameSite=Strict");
        assertThat(page.headers().firstValue("Content-Security-Policy").orElseThrow())
                .contains("default-src 'none'").contains("script-src 'self'");
        assertThat(send(get("/ui/snapshots", null)).body()).contains("id=\"signin\"");
        // the API's token in a header is no session: the UI is signed in to only through its form
        HttpResponse<String> withHeader = send(HttpRequest.newBuilder(URI.create(base + "/ui/clones"))
                .header("Verification-Token", EngineFixture.TOKEN).build());
        assertThat(withHeader.body()).contains("id=\"signin\"");

        HttpResponse<String> list = send(get("/ui/clones/list", null));
        assertThat(list.statusCode()).isEqualTo(401);
        assertThat(list.body()).contains("You are not signed in").contains("<html");
        Visitor anonymous = new Visitor();
        anonymous.open("/ui/clones");
        assertThat(send(anonymous.post("/ui/clones", Map.of("username", "x", "password", PASSWORD), true)).statusCode())
                .isEqualTo(401);
        assertThat(engine.client().clones()).isEmpty();
    }

    @Test
    void aWrongTokenIsRefusedAndNeverShown() throws Exception {
        Visitor browser = new Visitor();
        browser.open("/ui/clones");
        HttpResponse<String> refused = send(browser.post("/ui/signin", Map.of("token", "not-the-token-3141"), false));
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.body()).contains("That is not the engine's verification token").doesNotContain("not-the-token-3141");

        browser.signIn();
        HttpResponse<String> clones = send(browser.request("/ui/clones"));
        assertThat(clones.body()).contains("id=\"create\"").doesNotContain(EngineFixture.TOKEN);
        assertThat(browser.session).doesNotContain(EngineFixture.TOKEN);
    }

    @Test
    void everyPostNeedsItsCsrfToken() throws Exception {
        Visitor browser = new Visitor();
        browser.open("/ui/clones");
        HttpResponse<String> signIn = send(HttpRequest.newBuilder(URI.create(base + "/ui/signin"))
                .header("Cookie", EngineUi.COOKIE + "=" + browser.session)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(Map.of("token", EngineFixture.TOKEN)))).build());
        assertThat(signIn.statusCode()).as("sign-in without CSRF").isEqualTo(403);

        browser.signIn();
        for (String path : new String[] {"/ui/clones", "/ui/clones/reset", "/ui/clones/destroy", "/ui/snapshots", "/ui/signout"}) {
            Map<String, String> fields = new LinkedHashMap<>(Map.of("id", "forged", "username", "forger", "password", PASSWORD));
            HttpResponse<String> missing = send(browser.postWithout(path, fields, null));
            assertThat(missing.statusCode()).as(path + " without CSRF").isEqualTo(403);
            assertThat(missing.body()).contains("This form is not from your page");
            assertThat(send(browser.postWithout(path, fields, "forged-csrf")).statusCode()).as(path + " wrong CSRF").isEqualTo(403);
        }
        assertThat(engine.client().clones()).isEmpty();
        assertThat(engine.client().snapshots()).hasSize(1);
    }

    @Test
    void whatPeopleTypeIsShownAsTextNeverAsMarkup() throws Exception {
        Visitor browser = new Visitor();
        browser.signIn();
        HttpResponse<String> badId = send(browser.post("/ui/clones",
                Map.of("id", "<script>alert(1)</script>", "username", "u", "password", PASSWORD), true));
        assertThat(badId.statusCode()).isEqualTo(400);
        assertThat(badId.body()).contains("invalid clone id '&lt;script&gt;alert(1)&lt;/script&gt;'")
                .doesNotContain("<script>alert");

        String user = "<img src=x onerror=alert(1)>\"'";
        HttpResponse<String> created = send(browser.post("/ui/clones",
                Map.of("id", "escaped1", "username", user, "password", PASSWORD), true));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
        assertThat(created.body()).contains("Clone escaped1 is being created")
                .contains("user=&lt;img src=x onerror=alert(1)&gt;\"' dbname").doesNotContain("<img")
                .doesNotContain(PASSWORD);
        engine.awaitStatus("escaped1", "OK");
        assertThat(send(browser.request("/ui/clones")).body()).contains("&lt;img src=x").doesNotContain("<img");

        String audit = Files.readString(engine.stateDir().resolve("audit.log"));
        assertThat(audit).contains("\"caller\":\"ui@127.0.0.1\",\"action\":\"POST /clone\",\"target\":\"escaped1\",\"result\":\"OK\"")
                .doesNotContain(PASSWORD);
        HttpResponse<String> destroyed = send(browser.post("/ui/clones/destroy", Map.of("id", "escaped1"), true));
        assertThat(destroyed.body()).contains("Clone escaped1 is being destroyed");
        engine.awaitGone("escaped1");
    }

    /** A visitor's cookie and CSRF token, kept across requests. */
    private final class Visitor {
        String session;
        String csrf;

        void open(String path) throws IOException, InterruptedException {
            HttpResponse<String> page = send(EngineUiHttpTest.get(path, session));
            page.headers().firstValue("Set-Cookie").map(SESSION::matcher).filter(Matcher::find)
                    .ifPresent(m -> session = m.group(1));
            Matcher m = CSRF.matcher(page.body());
            assertThat(m.find()).as(page.body()).isTrue();
            csrf = m.group(1);
        }

        void signIn() throws IOException, InterruptedException {
            open("/ui/clones");
            HttpResponse<String> signedIn = send(post("/ui/signin", Map.of("token", EngineFixture.TOKEN), false));
            assertThat(signedIn.statusCode()).isEqualTo(303);
            Matcher m = SESSION.matcher(signedIn.headers().firstValue("Set-Cookie").orElseThrow());
            assertThat(m.find()).isTrue();
            session = m.group(1);
            open("/ui/clones");
        }

        HttpRequest request(String path) {
            return EngineUiHttpTest.get(path, session);
        }

        HttpRequest post(String path, Map<String, String> fields, boolean htmx) {
            Map<String, String> all = new LinkedHashMap<>(fields);
            all.put("csrf", csrf);
            HttpRequest.Builder request = postRequest(path, all);
            if (htmx) {
                request.header("HX-Request", "true");
            }
            return request.build();
        }

        HttpRequest postWithout(String path, Map<String, String> fields, String forgedCsrf) {
            Map<String, String> all = new LinkedHashMap<>(fields);
            if (forgedCsrf != null) {
                all.put("csrf", forgedCsrf);
            }
            return postRequest(path, all).header("HX-Request", "true").build();
        }

        private HttpRequest.Builder postRequest(String path, Map<String, String> fields) {
            return HttpRequest.newBuilder(URI.create(base + path)).header("Cookie", EngineUi.COOKIE + "=" + session)
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form(fields)));
        }
    }

    private static HttpRequest get(String path, String session) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path));
        if (session != null) {
            request.header("Cookie", EngineUi.COOKIE + "=" + session);
        }
        return request.build();
    }

    private HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static String form(Map<String, String> fields) {
        return fields.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
    }
}
