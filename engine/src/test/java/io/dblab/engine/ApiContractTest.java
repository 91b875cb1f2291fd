package io.dblab.engine;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import io.dblab.client.Json;
import io.dblab.client.model.Clone;
import io.dblab.client.model.CloneRequest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The API's answers to good and bad input, its security rules, metrics and audit log, on a real engine. */
class ApiContractTest {
    private static final String PASSWORD = "Contract-Secret-7391-plugh";
    private static EngineFixture engine;
    private static final ListAppender<ILoggingEvent> LOGS = new ListAppender<>();
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        LOGS.start();
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(LOGS);
        engine = EngineFixture.start(16140, 16159, "1GiB", 0);
    }

    @AfterAll
    static void stop() {
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(LOGS);
        if (engine != null) {
            engine.close();
        }
    }

    @Test
    void tokenIsRequiredExceptForHealthAndMetrics() throws Exception {
        assertError(send("GET", "/status", null, null), 401, "UNAUTHORIZED", "Check your verification token.");
        assertError(send("GET", "/clones", null, "wrong-token"), 401, "UNAUTHORIZED", "Check your verification token.");
        HttpResponse<String> health = send("GET", "/healthz", null, null);
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(json(health).get("version").asText()).isNotEmpty();
        assertThat(send("GET", "/metrics", null, null).statusCode()).isEqualTo(200);
    }

    @Test
    void badInputGetsA4xxWithAMessage() throws Exception {
        assertError(post("/clone", "{\"db\": {"), 400, "BAD_REQUEST", "malformed JSON");
        assertError(post("/clone", "{\"protected\": \"maybe\", \"db\": {}}"), 400, "BAD_REQUEST", "protected");
        assertError(post("/clone", "{}"), 400, "BAD_REQUEST", "missing DB credentials");
        assertError(post("/clone", "{\"db\": {\"username\": \"u\", \"password\": \"" + PASSWORD
                + "\", \"restricted\": \"true\"}}"), 400, "BAD_REQUEST", "'db.restricted': must be a boolean");
        assertError(post("/clone", cloneJson("nul1", "u1", PASSWORD + "\\u0000x")), 400, "BAD_REQUEST",
                "'db.password' contains a NUL character");
        assertError(post("/clone", cloneJson("../x", "u1", PASSWORD)), 400, "BAD_REQUEST", "invalid clone id");
        assertError(post("/clone", cloneJson("weak", "u1", "password123")), 400, "BAD_REQUEST", "insecure password");
        assertError(post("/clone", "{\"db\": {\"username\": \"u\", \"password\": \"" + PASSWORD
                + "\"}, \"snapshot\": {\"id\": \"pool1@nope\"}}"), 400, "BAD_REQUEST", "not found");
        assertError(post("/clone", "{\"db\": {\"username\": \"u\", \"password\": \"" + PASSWORD
                + "\"}, \"extra_conf\": {\"archive_command\": \"cp %p /tmp\"}}"), 400, "BAD_REQUEST", "archive_command");
        assertError(send("GET", "/clone/nope", null, EngineFixture.TOKEN), 404, "NOT_FOUND", "not found");
        assertError(send("GET", "/clone/..%2F..%2Fetc", null, EngineFixture.TOKEN), 404, "NOT_FOUND", "not found");
        // an unknown snapshot is a bad request, as the reference answers
        assertError(send("DELETE", "/snapshot/pool1@missing", null, EngineFixture.TOKEN), 400, "BAD_REQUEST", "not found");
        assertError(send("GET", "/snapshot/pool1@missing", null, EngineFixture.TOKEN), 400, "BAD_REQUEST", "not found");
        assertError(send("GET", "/no/such/endpoint", null, EngineFixture.TOKEN), 404, "NOT_FOUND", "/no/such/endpoint not found");
        assertError(post("/clone/nope/reset", "{\"snapshotID\": \"x\", \"latest\": true}"), 400, "BAD_REQUEST", "not both");
        HttpResponse<String> big = post("/clone", "{\"id\": \"" + "x".repeat(100_000) + "\"}");
        assertThat(big.statusCode()).isBetween(400, 499);
        assertThat(json(big).get("message").asText()).contains("too large");
        byte[] bigChunked = ("{\"id\": \"" + "x".repeat(100_000) + "\"}").getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> chunked = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + engine.apiPort() + "/clone"))
                        .header("Verification-Token", EngineFixture.TOKEN)
                        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bigChunked)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(chunked.statusCode()).as("a body of unknown length (chunked)").isEqualTo(413);
        assertThat(json(chunked).get("message").asText()).contains("too large");
        assertThat(engine.client().clones()).isEmpty();
    }

    @Test
    void namesWithSqlMetacharactersAreQuotedNotRun() throws Exception {
        String username = "ev\"il'; DROP TABLE orders; --";
        String dbName = "db'; DROP DATABASE postgres; --";
        engine.client().createClone(new CloneRequest("quoted1", null,
                new CloneRequest.DbRequest(username, PASSWORD, true, dbName), null, null, Map.of("work_mem", "8MB")));
        Clone clone = engine.awaitStatus("quoted1", "OK");
        assertThat(clone.db().username()).isEqualTo(username);
        assertThat(clone.db().dbName()).isEqualTo(dbName);
        try (Connection c = EngineFixture.connect(clone, PASSWORD); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT current_user, (SELECT count(*) FROM orders), current_setting('work_mem')")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo(username);
            assertThat(rs.getLong(2)).isEqualTo(20000);
            assertThat(rs.getString(3)).isEqualTo("8MB");
        }
        engine.client().destroyClone("quoted1");
        engine.awaitGone("quoted1");
    }

    @Test
    void noClonePasswordIsWrittenAnywhereAndActionsAreAudited() throws Exception {
        String distinctive = "Zq9-UNIQUE-needle-4471-Wx";
        engine.createClone("secret1", "sam", distinctive, false);
        engine.createClone("secret2", "sue", distinctive + "b", true);
        engine.client().resetClone("secret1", null);
        engine.awaitStatus("secret1", "OK");
        byte[] needle = distinctive.getBytes(StandardCharsets.UTF_8);
        List<Path> files;
        try (Stream<Path> walk = Files.walk(engine.baseDir())) {
            files = walk.filter(Files::isRegularFile).toList();
        }
        assertThat(files).anyMatch(p -> p.endsWith("audit.log")).anyMatch(p -> p.endsWith("state.json"))
                .anyMatch(p -> p.getFileName().toString().equals("dblab-server.log"));
        for (Path file : files) {
            assertThat(contains(Files.readAllBytes(file), needle)).as("password found in %s", file).isFalse();
        }
        assertThat(LOGS.list).isNotEmpty().noneMatch(e -> e.getFormattedMessage().contains(distinctive));
        List<String> audit = Files.readAllLines(engine.stateDir().resolve("audit.log"));
        assertThat(audit).anyMatch(l -> l.contains("\"action\":\"POST /clone\"") && l.contains("\"target\":\"secret1\"")
                && l.contains("\"result\":\"OK 201\""));
        assertThat(audit).anyMatch(l -> l.contains("\"action\":\"clone.create\"") && l.contains("secret2"));
        assertThat(audit).anyMatch(l -> l.contains("POST /clone/secret1/reset"));
        for (String line : audit) {
            JsonNode entry = Json.mapper().readTree(line);
            assertThat(entry.fieldNames()).toIterable().startsWith("time", "caller", "action", "target", "result")
                    .isSubsetOf("time", "caller", "action", "target", "result", "details");
        }
        engine.client().destroyClone("secret1");
        engine.client().destroyClone("secret2");
        engine.awaitGone("secret1");
        engine.awaitGone("secret2");
    }

    @Test
    void metricsInPrometheusFormat() throws Exception {
        engine.createClone("metrics1", "mia", PASSWORD, false);
        String metrics = send("GET", "/metrics", null, null).body();
        assertThat(metrics).contains("dblab_clones{status=\"OK\"}")
                .contains("dblab_clone_creation_seconds_bucket")
                .contains("dblab_clone_reset_seconds_count")
                .contains("dblab_pool_size_bytes{pool=\"pool1\"}")
                .contains("dblab_pool_free_bytes{pool=\"pool1\"}")
                .contains("dblab_retrieval_status{mode=\"logical\",status=\"finished\"} 1.0")
                .contains("dblab_background_task_runs_total{outcome=\"failure\",task=\"idle_check\"} 0.0")
                .contains("dblab_background_task_last_success_timestamp_seconds{task=\"idle_check\"}");
        // the first fill was one successful refresh
        assertThat(engine.metric("dblab_background_task_runs_total", "task", "refresh", "outcome", "success"))
                .isEqualTo(1.0);
        engine.client().destroyClone("metrics1");
        engine.awaitGone("metrics1");
    }

    private HttpResponse<String> post(String path, String body) throws IOException, InterruptedException {
        return send("POST", path, body, EngineFixture.TOKEN);
    }

    private HttpResponse<String> send(String method, String path, String body, String token)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + engine.apiPort() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        if (token != null) {
            request.header("Verification-Token", token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String cloneJson(String id, String user, String password) {
        return "{\"id\": \"" + id + "\", \"db\": {\"username\": \"" + user + "\", \"password\": \"" + password + "\"}}";
    }

    private static void assertError(HttpResponse<String> response, int status, String code, String message)
            throws IOException {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        JsonNode body = json(response);
        assertThat(body.get("code").asText()).isEqualTo(code);
        assertThat(body.get("message").asText()).contains(message);
    }

    private static JsonNode json(HttpResponse<String> response) throws IOException {
        return Json.mapper().readTree(response.body());
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
