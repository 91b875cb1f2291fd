package io.dblab.joe.web;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.dblab.joe.Joe;
import io.dblab.joe.config.JoeConfig;
import io.dblab.joe.testing.JoeFixture;
import io.dblab.joe.testing.SelfSignedCertificate;
import io.dblab.testkit.TempDirs;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The chat page's sign-in, cookie and CSRF checks over plain HTTP (and HTTPS) on loopback, as a forger
 * would send requests. Only {@code help} runs, which needs no clone, so Joe has no engine here.
 */
class ChatPageHttpTest {
    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");
    private static final Pattern SESSION = Pattern.compile("joe_session=([^;]*)");
    final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    Path dir;
    Joe joe;
    private SelfSignedCertificate certificate;
    HttpClient http;
    String base;

    @BeforeEach
    void makeDir() throws Exception {
        dir = Files.createTempDirectory("dblab-chat-page-");
        logs.start();
        root().addAppender(logs);
    }

    @AfterEach
    void stop() {
        root().detachAppender(logs);
        try {
            if (joe != null) {
                joe.close();
            }
        } finally {
            TempDirs.deleteRecursively(dir);
        }
    }

    @Test
    void everyPostNeedsTheSessionsCsrfTokenAndTheCookieHoldsNoToken() throws Exception {
        start(null);
        HttpResponse<String> root = send(get("/"));
        assertThat(root.statusCode()).isEqualTo(303);
        assertThat(root.headers().firstValue("Location")).hasValue("/chat");

        HttpResponse<String> signInPage = send(get("/chat"));
        assertThat(signInPage.statusCode()).isEqualTo(200);
        assertThat(signInPage.body()).contains("Joe's API token");
        String setCookie = signInPage.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(setCookie).contains("HttpOnly").contains("SameSite=Strict").contains("Path=/").doesNotContain("Secure");
        String anonymous = session(setCookie);
        String anonymousCsrf = csrf(signInPage.body());
        assertThat(signInPage.headers().firstValue("Content-Security-Policy").orElseThrow()).contains("script-src 'self'");

        assertThat(send(post("/chat/signin", anonymous, Map.of("token", JoeFixture.TOKEN))).statusCode()).isEqualTo(403);
        assertThat(send(post("/chat/signin", anonymous, Map.of("token", JoeFixture.TOKEN, "csrf", "forged"))).statusCode())
                .isEqualTo(403);
        HttpResponse<String> wrong = send(post("/chat/signin", anonymous, Map.of("token", "not-the-token", "csrf", anonymousCsrf)));
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.body()).contains("That is not Joe's token").doesNotContain("not-the-token");

        HttpResponse<String> signedIn = send(post("/chat/signin", anonymous, Map.of("token", JoeFixture.TOKEN, "csrf", anonymousCsrf)));
        assertThat(signedIn.statusCode()).isEqualTo(303);
        assertThat(signedIn.headers().firstValue("Location")).hasValue("/chat");
        String cookie = signedIn.headers().firstValue("Set-Cookie").orElseThrow();
        String session = session(cookie);
        assertThat(session).as("a new ID at sign-in").isNotEqualTo(anonymous).doesNotContain(JoeFixture.TOKEN);
        assertThat(cookie).doesNotContain(JoeFixture.TOKEN);

        HttpResponse<String> chat = send(get("/chat", session));
        assertThat(chat.body()).contains("id=\"command\"").doesNotContain(JoeFixture.TOKEN);
        String csrf = csrf(chat.body());
        Map<String, String> help = Map.of("user", "web-eve", "channel", "web", "text", "help");
        assertThat(send(post("/chat/commands", session, help)).statusCode()).as("no CSRF token").isEqualTo(403);
        assertThat(send(post("/chat/commands", session, with(help, "csrf", anonymousCsrf))).statusCode())
                .as("the CSRF token of another session").isEqualTo(403);
        assertThat(send(post("/chat/commands", anonymous, with(help, "csrf", anonymousCsrf))).statusCode())
                .as("not signed in").isEqualTo(401);
        HttpResponse<String> answer = send(post("/chat/commands", session, with(help, "csrf", csrf)));
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).contains("class=\"exchange ok\"").contains("explain &lt;sql&gt;");
        assertThat(send(post("/chat/commands", session, with(with(help, "csrf", csrf), "text", " "))).body())
                .contains("'text' must be a non-empty string");
        assertThat(send(get("/chat/flamegraphs/whatever")).statusCode()).isEqualTo(401);
        assertThat(send(get("/chat/flamegraphs/whatever", session)).statusCode()).isEqualTo(404);

        assertThat(send(post("/chat/signout", session, Map.of())).statusCode()).as("sign-out without CSRF").isEqualTo(403);
        HttpResponse<String> signedOut = send(post("/chat/signout", session, Map.of("csrf", csrf)));
        assertThat(signedOut.statusCode()).isEqualTo(303);
        assertThat(signedOut.headers().firstValue("Set-Cookie").orElseThrow()).contains("Max-Age=0");
        assertThat(send(post("/chat/commands", session, with(help, "csrf", csrf))).statusCode()).isEqualTo(401);
        assertThat(logs.list).anyMatch(e -> e.getFormattedMessage().contains("sign-in from 127.0.0.1 refused"))
                .noneMatch(e -> e.getFormattedMessage().contains(JoeFixture.TOKEN)
                || e.getFormattedMessage().contains("not-the-token"));
    }

    @Test
    void anHtmxRequestOfAnEndedSessionIsSentToTheSignInPage() throws Exception {
        start(null);
        HttpResponse<String> page = send(get("/chat"));
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/chat/commands")).header("HX-Request", "true")
                .header("Cookie", "joe_session=" + session(page.headers().firstValue("Set-Cookie").orElseThrow()))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString("text=help"))
                .build();
        HttpResponse<String> refused = send(request);
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.headers().firstValue("HX-Redirect")).hasValue("/chat");
        assertThat(refused.body()).startsWith("<p class=\"problem\"");
    }

    @Test
    void withTlsTheCookieIsSecure() throws Exception {
        certificate = SelfSignedCertificate.createIn(dir);
        start(new JoeConfig.Tls(certificate.certFile().toString(), certificate.keyFile().toString()));
        HttpResponse<String> page = send(get("/chat"));
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Set-Cookie").orElseThrow()).contains("; Secure").contains("HttpOnly");
    }

    private void start(JoeConfig.Tls tls) throws Exception {
        joe = JoeFixture.start(JoeFixture.withoutEngine(dir.resolve("state"), tls));
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5));
        if (tls != null) {
            builder.sslContext(certificate.trustingContext());
        }
        http = builder.build();
        base = (tls == null ? "http" : "https") + "://127.0.0.1:" + joe.port();
    }

    private static Logger root() {
        return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }

    private HttpRequest get(String path) {
        return HttpRequest.newBuilder(URI.create(base + path)).GET().build();
    }

    private HttpRequest get(String path, String session) {
        return HttpRequest.newBuilder(URI.create(base + path)).header("Cookie", "joe_session=" + session).GET().build();
    }

    private HttpRequest post(String path, String session, Map<String, String> form) {
        String body = form.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
        return HttpRequest.newBuilder(URI.create(base + path)).header("Cookie", "joe_session=" + session)
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private HttpResponse<String> send(HttpRequest request) throws Exception {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static Map<String, String> with(Map<String, String> form, String key, String value) {
        Map<String, String> out = new LinkedHashMap<>(form);
        out.put(key, value);
        return out;
    }

    private static String csrf(String html) {
        Matcher m = CSRF.matcher(html);
        assertThat(m.find()).as("a CSRF field in " + html).isTrue();
        return m.group(1);
    }

    private static String session(String setCookie) {
        Matcher m = SESSION.matcher(setCookie);
        assertThat(m.find()).as(setCookie).isTrue();
        return m.group(1);
    }
}
