package io.dblab.platform.engines;

import static io.dblab.platform.testing.PlatformFixture.ADMIN_EMAIL;
import static io.dblab.platform.testing.PlatformFixture.ADMIN_PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import io.dblab.client.transport.EngineTransport;
import io.dblab.engine.EngineFixture;
import io.dblab.pg.process.Command;
import io.dblab.pg.process.CommandResult;
import io.dblab.pg.process.OsUser;
import io.dblab.pg.server.PgInstallation;
import io.dblab.platform.auth.ApiTokens;
import io.dblab.platform.auth.Caller;
import io.dblab.platform.auth.Principal;
import io.dblab.platform.storage.Jdbc;
import io.dblab.platform.testing.PlatformFixture;
import io.dblab.platform.testing.WebClient;
import io.dblab.tunnel.client.TunnelConnector;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.slf4j.LoggerFactory;

/**
 * One Platform and one real engine: the engine dials in through its own {@code platform.tunnel}, and is
 * registered by URL as well with its {@code platform.controlToken}. Clones made through the Platform
 * work with the password their maker chose, which ends up nowhere in the Platform; keys are revoked for
 * real; other organizations see nothing; failures at the engine are clear.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EnginesTest {
    private static final String CLONE_PASSWORD = "clone-pass-Zq81-unique";
    PlatformFixture platform;
    EngineFixture engine;
    ApiCalls admin;
    long acme;
    long tunnelEngine;
    final List<TunnelConnector> connectors = new ArrayList<>();
    final ListAppender<ILoggingEvent> logs = new ListAppender<>();

    @BeforeAll
    void start() {
        logs.start();
        root().addAppender(logs);
        platform = PlatformFixture.withSecretKey();
        acme = db().one("SELECT id FROM organizations WHERE name = ?", row -> row.getLong(1), PlatformFixture.ORG).orElseThrow();
        admin = new ApiCalls(platform.url(), token(ADMIN_EMAIL));
        JsonNode made = admin.json(admin.send("POST", engines() + "/tunnel", "{\"name\": \"main\"}"), 201);
        tunnelEngine = made.get("id").asLong();
        engine = EngineFixture.start(EngineFixture.Setup.logical(17600, 17609).withControlToken()
                .withTunnel(tunnelUrl(), made.get("registrationKey").asText()));
        await().atMost(Duration.ofSeconds(30)).until(() -> connection(tunnelEngine).equals("connected"));
    }

    @AfterAll
    void stop() {
        try {
            connectors.forEach(TunnelConnector::close);
            if (engine != null) {
                engine.close();
            }
        } finally {
            if (platform != null) {
                platform.close();
            }
            root().detachAppender(logs);
        }
    }

    @Test
    void anEngineRegisteredByUrlKeepsItsTokenSealed() {
        JsonNode made = admin.json(admin.send("POST", engines(), "{\"name\": \"by-url\", \"url\": \"" + engineUrl()
                + "\", \"token\": \"" + EngineFixture.CONTROL_TOKEN + "\"}"), 201);
        long id = made.get("id").asLong();
        String sealed = db().one("SELECT token_sealed FROM engines WHERE id = ?", row -> row.getString(1), id).orElseThrow();
        assertThat(sealed).startsWith("v1:").doesNotContain(EngineFixture.CONTROL_TOKEN);
        assertThat(admin.json(admin.get(engines() + "/" + id), 200).path("status").path("status").path("code").asText())
                .isEqualTo("OK");
        int snapshots = admin.json(admin.get(engines() + "/" + id + "/snapshots"), 200).size();
        assertThat(snapshots).isPositive();
        JsonNode taken = admin.json(admin.send("POST", engines() + "/" + id + "/snapshots", "{}"), 201);
        assertThat(admin.json(admin.get(engines() + "/" + id + "/snapshots"), 200)).hasSize(snapshots + 1);
        assertThat(admin.json(admin.get(engines() + "/" + id + "/branches"), 200).findValuesAsText("name")).contains("main");
        assertThat(audit()).contains("snapshot.create").contains(taken.get("id").asText());

        // a wrong token, an engine that is down, plain HTTP to another host: refused, nothing stored
        HttpResponse<String> wrongToken = admin.send("POST", engines(), "{\"name\": \"wrong\", \"url\": \"" + engineUrl()
                + "\", \"token\": \"not-the-token\"}");
        assertThat(wrongToken.statusCode()).isEqualTo(502);
        assertThat(wrongToken.body()).contains("refused the verification token");
        HttpResponse<String> down = admin.send("POST", engines(), "{\"name\": \"down\", \"url\": \"http://127.0.0.1:"
                + io.dblab.testkit.FreePorts.next() + "\", \"token\": \"x\"}");
        assertThat(down.statusCode()).isEqualTo(502);
        assertThat(down.body()).contains("connection refused");
        assertThat(admin.send("POST", engines(), "{\"name\": \"far\", \"url\": \"http://203.0.113.9:2345\", \"token\": \"x\"}")
                .statusCode()).isEqualTo(400);
        assertThat(db().list("SELECT name FROM engines", row -> row.getString(1))).doesNotContain("wrong", "down", "far");
        assertThat(audit()).contains("engine.register").contains("by-url").doesNotContain(EngineFixture.CONTROL_TOKEN);
    }

    @Test
    void aCloneMadeThroughTheTunnelWorksAndItsPasswordIsKeptNowhere() throws Exception {
        String clones = engines() + "/" + tunnelEngine + "/clones";
        JsonNode made = admin.json(admin.send("POST", clones, "{\"id\": \"via-platform\", \"username\": \"alice\","
                + " \"password\": \"" + CLONE_PASSWORD + "\"}"), 201);
        assertThat(made.get("password").asText()).isEqualTo(CLONE_PASSWORD);
        int port = awaitOk(clones + "/via-platform").path("db").path("port").asInt();
        assertThat(canConnect(port, "alice", CLONE_PASSWORD)).isTrue();

        assertThat(admin.send("POST", clones + "/via-platform/reset", "{}").statusCode()).isEqualTo(204);
        awaitOk(clones + "/via-platform");
        assertThat(canConnect(port, "alice", CLONE_PASSWORD)).as("same user and password after a reset").isTrue();

        assertThat(admin.json(admin.send("PATCH", clones + "/via-platform", "{\"protected\": true}"), 200)
                .get("protected").asBoolean()).isTrue();
        HttpResponse<String> refused = admin.send("DELETE", clones + "/via-platform", null);
        assertThat(refused.statusCode()).as("the engine's own 400 passes through").isEqualTo(400);
        assertThat(refused.body()).contains("is protected");
        admin.json(admin.send("PATCH", clones + "/via-platform", "{\"protected\": false}"), 200);
        assertThat(admin.send("DELETE", clones + "/via-platform", null).statusCode()).isEqualTo(204);
        await().atMost(Duration.ofSeconds(60)).until(() -> admin.get(clones + "/via-platform").statusCode() == 404);

        assertThat(audit()).contains("clone.create", "clone.reset", "clone.protect", "clone.unprotect", "clone.destroy")
                .contains("via-platform").doesNotContain(CLONE_PASSWORD);
        assertThat(pgDump()).contains("clone.destroy").doesNotContain(CLONE_PASSWORD);
        assertThat(filesContaining(platform.dir(), CLONE_PASSWORD)).as("no file of the Platform, its database or logs").isEmpty();
        assertThat(logs.list).isNotEmpty().noneMatch(event -> event.getFormattedMessage().contains(CLONE_PASSWORD)
                || event.getThrowableProxy() != null && event.getThrowableProxy().getMessage() != null
                && event.getThrowableProxy().getMessage().contains(CLONE_PASSWORD));
    }

    @Test
    void aGeneratedPasswordIsReturnedOnceAndWorks() throws Exception {
        String clones = engines() + "/" + tunnelEngine + "/clones";
        JsonNode made = admin.json(admin.send("POST", clones, "{\"id\": \"generated\", \"username\": \"gen\"}"), 201);
        String password = made.get("password").asText();
        assertThat(password).hasSizeGreaterThanOrEqualTo(20);
        int port = awaitOk(clones + "/generated").path("db").path("port").asInt();
        assertThat(canConnect(port, "gen", password)).isTrue();
        assertThat(admin.get(clones + "/generated").body()).doesNotContain(password);
        assertThat(admin.send("DELETE", clones + "/generated", null).statusCode()).isEqualTo(204);
        assertThat(audit()).doesNotContain(password);
    }

    @Test
    void revokingTheKeyClosesTheTunnelAndRefusesItsReturn() throws Exception {
        WebClient web = new WebClient(platform.url());
        web.signIn(ADMIN_EMAIL, ADMIN_PASSWORD);
        web.get("/orgs/" + acme + "/engines");
        HttpResponse<String> page = web.post("/orgs/" + acme + "/engines/tunnel", "name", "to-revoke");
        String key = between(page.body(), "id=\"new-key\">", "<");
        assertThat(page.body()).contains("dblab tunnel connect --platform " + tunnelUrl()).contains("key: " + key);
        long id = db().one("SELECT id FROM engines WHERE name = 'to-revoke'", row -> row.getLong(1)).orElseThrow();
        assertThat(web.get("/orgs/" + acme + "/engines").body()).as("shown once").doesNotContain(key);
        assertThat(db().one("SELECT encode(sha256, 'hex') FROM registration_keys WHERE engine_id = ?", row -> row.getString(1), id))
                .isPresent().get().isNotEqualTo(key);

        connect(key, engineTransport());
        await().atMost(Duration.ofSeconds(30)).until(() -> connection(id).equals("connected"));
        assertThat(web.get("/orgs/" + acme + "/engines/" + id).body()).contains("connected").contains(key.substring(0, 12));

        web.post("/orgs/" + acme + "/engines/" + id + "/key/revoke");
        assertThat(connection(id)).as("closed at once").isEqualTo("disconnected");
        assertThat(web.get("/orgs/" + acme + "/engines").body()).contains("disconnected");
        assertThat(audit()).contains("key.revoke").contains("tunnel.disconnect").contains("to-revoke").doesNotContain(key);
        assertThatThrownBy(() -> HttpClient.newHttpClient().newWebSocketBuilder().header("Authorization", "Bearer " + key)
                .buildAsync(URI.create(tunnelUrl()), new WebSocket.Listener() {}).get(10, TimeUnit.SECONDS))
                .cause().isInstanceOf(java.net.http.WebSocketHandshakeException.class)
                .satisfies(e -> assertThat(((java.net.http.WebSocketHandshakeException) e).getResponse().statusCode())
                        .as("refused before the upgrade").isEqualTo(401));
        assertThat(connection(id)).isEqualTo("disconnected");
    }

    @Test
    void aRequestInFlightWhenTheTunnelDropsGetsAClearError() throws Exception {
        JsonNode made = admin.json(admin.send("POST", engines() + "/tunnel", "{\"name\": \"drops\"}"), 201);
        long id = made.get("id").asLong();
        CountDownLatch arrived = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        EngineTransport real = engineTransport();
        // the real engine behind it, except that the list of clones waits until the test lets it go
        connect(made.get("registrationKey").asText(), (method, path, body) -> {
            if (path.equals("/clones")) {
                arrived.countDown();
                try {
                    release.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new java.io.InterruptedIOException("interrupted");
                }
            }
            return real.exchange(method, path, body);
        });
        await().atMost(Duration.ofSeconds(30)).until(() -> connection(id).equals("connected"));
        try {
            CompletableFuture<HttpResponse<String>> inFlight = CompletableFuture.supplyAsync(
                    () -> admin.get(engines() + "/" + id + "/clones"));
            assertThat(arrived.await(30, TimeUnit.SECONDS)).isTrue();
            admin.send("POST", engines() + "/" + id + "/key/revoke", null);
            HttpResponse<String> answer = inFlight.get(30, TimeUnit.SECONDS);
            assertThat(answer.statusCode()).isEqualTo(502);
            assertThat(answer.body()).contains("ENGINE_UNREACHABLE").contains("closed while the request was in flight");
        } finally {
            release.countDown();
        }
        HttpResponse<String> after = admin.get(engines() + "/" + id + "/clones");
        assertThat(after.statusCode()).isEqualTo(502);
        assertThat(after.body()).contains("not connected");
    }

    @Test
    void otherOrganizationsSeeNothingAndMembersDoNotManage() {
        Caller owner = new Caller(Principal.user(userId(ADMIN_EMAIL), ADMIN_EMAIL), "127.0.0.1");
        long other = platform.platform().services().access().createOrganization(owner, "Other");
        String evePassword = platform.platform().services().access().addMember(owner, other, "eve@example.com", "owner")
                .newPassword().orElseThrow();
        ApiCalls eve = new ApiCalls(platform.url(), token("eve@example.com"));
        String acmeEngine = engines() + "/" + tunnelEngine;
        String elsewhere = "/api/organizations/" + other + "/engines/" + tunnelEngine;
        for (String[] request : new String[][] {{"GET", acmeEngine}, {"GET", acmeEngine + "/clones"}, {"GET", engines()},
                {"POST", acmeEngine + "/clones"}, {"POST", acmeEngine + "/key/revoke"}, {"DELETE", acmeEngine},
                {"GET", elsewhere}, {"GET", elsewhere + "/clones"}, {"POST", elsewhere + "/snapshots"}}) {
            assertThat(eve.send(request[0], request[1], "{\"username\": \"x\"}").statusCode())
                    .as(request[0] + " " + request[1]).isEqualTo(404);
        }
        WebClient eveWeb = new WebClient(platform.url());
        eveWeb.signIn("eve@example.com", evePassword);
        assertThat(eveWeb.get("/orgs/" + acme + "/engines/" + tunnelEngine).statusCode()).isEqualTo(404);
        eveWeb.get("/orgs/" + other + "/engines");
        assertThat(eveWeb.post("/orgs/" + other + "/engines/" + tunnelEngine + "/clones", "username", "x").statusCode())
                .isEqualTo(404);
        assertThat(connection(tunnelEngine)).isEqualTo("connected");

        platform.platform().services().access().addMember(owner, acme, "mia@example.com", "member");
        ApiCalls mia = new ApiCalls(platform.url(), token("mia@example.com"));
        assertThat(mia.send("POST", engines() + "/tunnel", "{\"name\": \"mine\"}").statusCode()).isEqualTo(403);
        assertThat(mia.send("POST", acmeEngine + "/key/revoke", null).statusCode()).isEqualTo(403);
        assertThat(mia.get(acmeEngine + "/clones").statusCode()).as("members work with clones").isEqualTo(200);
        assertThat(audit()).contains("mia@example.com,1,key.create,mine,denied");
    }

    @Test
    void scriptInAnEngineNameOrACloneIdIsShownEscaped() {
        WebClient web = new WebClient(platform.url());
        web.signIn(ADMIN_EMAIL, ADMIN_PASSWORD);
        web.get("/orgs/" + acme + "/engines");
        HttpResponse<String> made = web.post("/orgs/" + acme + "/engines/tunnel", "name", "<script>alert('engine')</script>");
        assertThat(made.body()).contains("&lt;script&gt;alert(").doesNotContain("<script>alert(");
        assertThat(web.get("/orgs/" + acme + "/engines").body()).contains("&lt;script&gt;alert(").doesNotContain("<script>alert(");

        web.get("/orgs/" + acme + "/engines/" + tunnelEngine);
        HttpResponse<String> refused = web.post("/orgs/" + acme + "/engines/" + tunnelEngine + "/clones", "id",
                "<script>alert('clone')</script>", "username", "bob", "password", "bob-pass-1234");
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("invalid clone id").contains("&lt;script&gt;").doesNotContain("<script>alert(");
    }

    @Test
    void anEngineThatIsDownIsShownSoAndAnswers502() {
        JsonNode made = admin.json(admin.send("POST", engines() + "/tunnel", "{\"name\": \"never-connected\"}"), 201);
        long id = made.get("id").asLong();
        HttpResponse<String> clones = admin.get(engines() + "/" + id + "/clones");
        assertThat(clones.statusCode()).isEqualTo(502);
        assertThat(clones.body()).contains("never-connected is not connected");
        WebClient web = new WebClient(platform.url());
        web.signIn(ADMIN_EMAIL, ADMIN_PASSWORD);
        HttpResponse<String> page = web.get("/orgs/" + acme + "/engines/" + id);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("disconnected").contains("its tunnel is down");
        web.get("/orgs/" + acme + "/engines/" + id);
        HttpResponse<String> create = web.post("/orgs/" + acme + "/engines/" + id + "/clones", "username", "x");
        assertThat(create.statusCode()).isEqualTo(502);
        assertThat(create.body()).contains("is not connected");
        assertThat(audit()).contains("clone.create,,failed").contains("never-connected (engine " + id + ")");
    }

    // --- helpers

    private JsonNode awaitOk(String clonePath) {
        await().atMost(Duration.ofSeconds(90)).until(() -> admin.json(admin.get(clonePath), 200)
                .path("status").path("code").asText().equals("OK"));
        return admin.json(admin.get(clonePath), 200);
    }

    private static boolean canConnect(int port, String user, String password) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/postgres", user, password)) {
            return c.isValid(5);
        }
    }

    private String connection(long engineId) {
        return admin.json(admin.get(engines() + "/" + engineId), 200).get("connection").asText();
    }

    private void connect(String key, EngineTransport to) {
        connectors.add(TestConnectors.start(platform.platform().port(), key, to));
    }

    private EngineTransport engineTransport() {
        return TestConnectors.engine(engine);
    }

    private String audit() {
        return admin.get("/api/organizations/" + acme + "/audit?format=csv").body()
                + admin.get("/api/organizations/" + acme + "/audit?format=json").body();
    }

    private String pgDump() {
        String socket = platform.platform().database().embedded().orElseThrow().owner().properties().get("socketFactoryArg");
        CommandResult dump = Command.of(PgInstallation.defaultInstallation().tool("pg_dump"), "-h",
                Path.of(socket).getParent().toString(), "-U", "postgres", "platform").asUser(OsUser.forPostgres()).run();
        assertThat(dump.ok()).as(dump.diagnostics()).isTrue();
        return dump.output();
    }

    private static List<Path> filesContaining(Path dir, String text) throws IOException {
        byte[] needle = text.getBytes(StandardCharsets.UTF_8);
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).filter(file -> {
                try {
                    return indexOf(Files.readAllBytes(file), needle) >= 0;
                } catch (IOException gone) {
                    return false; // a file postgres removed while we walked
                }
            }).toList();
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private String token(String email) {
        long user = userId(email);
        return platform.platform().services().tokens().create(ApiTokens.Owner.user(user), "tests", 30, user).secret();
    }

    private long userId(String email) {
        return platform.platform().services().users().byEmail(email).orElseThrow().id();
    }

    private String engines() {
        return "/api/organizations/" + acme + "/engines";
    }

    private String engineUrl() {
        return "http://127.0.0.1:" + engine.apiPort();
    }

    private String tunnelUrl() {
        return "ws://127.0.0.1:" + platform.platform().port() + "/tunnel";
    }

    private Jdbc db() {
        return platform.platform().services().db();
    }

    private static String between(String text, String start, String end) {
        int from = text.indexOf(start);
        assertThat(from).as("'" + start + "' in the page").isNotNegative();
        from += start.length();
        return text.substring(from, text.indexOf(end, from));
    }

    private static Logger root() {
        return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }
}
