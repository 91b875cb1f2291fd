package io.dblab.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.dblab.client.DblabApiException;
import io.dblab.client.DblabClient;
import io.dblab.client.Json;
import io.dblab.client.model.BranchView;
import io.dblab.client.model.Clone;
import io.dblab.client.model.CloneRequest;
import io.dblab.client.model.ResetRequest;
import io.dblab.client.model.Snapshot;
import io.dblab.client.transport.EngineReply;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * DESIGN.md point 1 on a real engine: a request with the Platform's control token may do the
 * operations of {@code ControlOperations}, for real, and nothing else: every other route, unknown
 * ones and spellings meant to pass for an allowed one are 403 and change nothing. The verification
 * token keeps full access; the audit log names the Platform.
 */
class PlatformControlTokenTest {
    private static final String PASSWORD = "Platform-Pass-4417-xyzzy";
    private static EngineFixture engine;
    private static DblabClient platform;
    private static String snapshotId;

    @BeforeAll
    static void start() {
        engine = EngineFixture.start(EngineFixture.Setup.logical(17530, 17539).withControlToken());
        platform = engine.client(EngineFixture.CONTROL_TOKEN);
        snapshotId = engine.client().snapshots().get(0).id();
    }

    @AfterAll
    static void stop() {
        if (engine != null) {
            engine.close();
        }
    }

    @Test
    void theControlTokenDoesEveryAllowedOperationForReal() throws Exception {
        assertThat(platform.status().status().code()).isEqualTo("OK");
        assertThat(platform.snapshots()).extracting(Snapshot::id).contains(snapshotId);
        assertThat(platform.snapshots("main")).extracting(Snapshot::id).contains(snapshotId);
        assertThat(platform.snapshot(snapshotId).id()).isEqualTo(snapshotId);
        assertThat(platform.branches()).extracting(BranchView::name).containsExactly("main");
        Snapshot made = platform.createSnapshot(null);
        assertThat(engine.client().snapshots()).extracting(Snapshot::id).contains(made.id());

        platform.createClone(new CloneRequest("steered", null,
                new CloneRequest.DbRequest("steerer", PASSWORD, true, null), null, null, null));
        Clone clone = engine.awaitStatus("steered", "OK");
        assertThat(platform.clones()).extracting(Clone::id).containsExactly("steered");
        assertThat(platform.clone("steered").db().username()).isEqualTo("steerer");
        assertThat(EngineFixture.queryLong(clone, PASSWORD, "SELECT count(*) FROM customers")).isEqualTo(2000);

        assertThat(platform.updateClone("steered", true).isProtected()).isTrue();
        assertThatThrownBy(() -> platform.destroyClone("steered")).isInstanceOf(DblabApiException.class)
                .hasMessageContaining("protected");
        try (var c = EngineFixture.connect(clone, PASSWORD)) {
            c.createStatement().execute("CREATE TABLE scratch (id int)");
        }
        platform.resetClone("steered", new ResetRequest(null, null));
        Clone reset = engine.awaitStatus("steered", "OK");
        assertThat(EngineFixture.queryLong(reset, PASSWORD, "SELECT count(*) FROM pg_class WHERE relname = 'scratch'"))
                .isZero();
        assertThat(platform.updateClone("steered", false).isProtected()).isFalse();
        platform.destroyClone("steered");
        EngineFixture.awaitGone(platform, "steered");

        List<JsonNode> audit = audit();
        assertThat(audit).anyMatch(e -> is(e, "platform@127.0.0.1", "POST /clone", "steered", "OK 201"));
        assertThat(audit).anyMatch(e -> is(e, "platform@127.0.0.1", "POST /clone/steered/reset", "steered", "OK 200"));
        assertThat(audit).anyMatch(e -> is(e, "platform@127.0.0.1", "DELETE /clone/steered", "steered", "OK 200"));
        assertThat(audit).anyMatch(e -> is(e, "platform@127.0.0.1", "POST /snapshot", made.id(), "OK 200"));
    }

    @Test
    void everyOtherRouteIs403AndChangesNothing() throws Exception {
        List<String> snapshotsBefore = engine.client().snapshots().stream().map(Snapshot::id).toList();
        String[][] refused = {
                {"POST", "/full-refresh", null},
                {"GET", "/instance/retrieval", null},
                {"DELETE", "/snapshot/" + snapshotId + "?force=true", null},
                {"PATCH", "/snapshot/" + snapshotId, "{\"protected\": true}"},
                {"POST", "/branch", "{\"branchName\": \"sneaky\"}"},
                {"DELETE", "/branch/main", null},
                {"GET", "/branch/main/log", null},
                {"POST", "/snapshot/clone", "{\"cloneID\": \"x\"}"},
                {"POST", "/branch/snapshot", "{\"cloneID\": \"x\"}"},
                {"POST", "/healthz", null},
                {"GET", "/metrics", null},
                {"GET", "/admin/config", null},
                {"POST", "/admin/config", "{}"},
                {"GET", "/admin/config.yaml", null},
                {"POST", "/admin/test-db-source", "{}"},
                {"GET", "/no/such/route", null},
                {"GET", "/ui/clones", null},
                {"POST", "/ui/clones", null},
        };
        for (String[] request : refused) {
            assertForbidden(platform.raw(request[0], request[1], request[2]), request[0] + " " + request[1]);
        }

        assertThat(engine.client().snapshots()).extracting(Snapshot::id).containsExactlyElementsOf(snapshotsBefore);
        assertThat(engine.client().snapshot(snapshotId).isProtected()).isFalse();
        assertThat(engine.client().branches()).extracting(BranchView::name).containsExactly("main");
        assertThat(engine.client().retrieval().status()).isNotEqualTo("refreshing");
        assertThat(audit()).anyMatch(e -> is(e, "platform@127.0.0.1", "POST /full-refresh", "", "FAILED 403"))
                .anyMatch(e -> is(e, "platform@127.0.0.1", "GET /admin/config", "", "FAILED 403"));
    }

    @Test
    void spellingsThatPassForAnotherRequestAreRefused() throws Exception {
        String token = EngineFixture.CONTROL_TOKEN;
        assertForbidden(rawRequest("GET", "/clone/%2e%2e/admin/config", token, ""), "dot-dot encoded");
        // above the root: Jetty refuses it before any handler, for every caller
        assertThat(rawRequest("GET", "/clone/%2E%2E/%2E%2E/instance/retrieval", token, "").status()).isEqualTo(400);
        assertForbidden(rawRequest("DELETE", "/clone/x/../../snapshot/" + snapshotId, token, ""), "dot-dot");
        assertForbidden(rawRequest("GET", "//clone/x", token, ""), "double slash");
        assertForbidden(rawRequest("GET", "/clone/x;/../../admin", token, ""), "path parameter");
        assertForbidden(rawRequest("GET", "/clones", token, "X-HTTP-Method-Override: DELETE\r\n"), "method override");
        assertForbidden(rawRequest("POST", "/clone", token, "X-HTTP-Method: PUT\r\n"), "method override");
        assertForbidden(rawRequest("HEAD", "/full-refresh", token, ""), "HEAD");
        assertForbidden(rawRequest("HEAD", "/admin/config", token, ""), "HEAD");
        assertThat(engine.client().snapshots()).extracting(Snapshot::id).contains(snapshotId);
    }

    @Test
    void aTokenTheEngineIssuesIsAControlTokenToo() {
        DblabClient internal = engine.client(engine.issueControlToken());
        assertThat(internal.status().status().code()).isEqualTo("OK");
        assertForbidden(internal.raw("POST", "/full-refresh", null), "POST /full-refresh");
    }

    @Test
    void theVerificationTokenKeepsFullAccess() {
        assertThat(engine.client().raw("GET", "/instance/retrieval", null).status()).isEqualTo(200);
        assertThat(engine.client().raw("GET", "/branch/main/log", null).status()).isEqualTo(200);
        assertThat(engine.client().raw("GET", "/metrics", null).status()).isEqualTo(200);
        assertThat(engine.client().updateSnapshot(snapshotId, true).isProtected()).isTrue();
        assertThat(engine.client().updateSnapshot(snapshotId, false).isProtected()).isFalse();
        assertThat(engine.client().raw("GET", "/admin/config", null).status()).isEqualTo(200);
        // an unknown route is the operator's 404, not the Platform's 403
        assertThat(engine.client().raw("GET", "/admin/ws-auth", null).status()).isEqualTo(404);
    }

    @Test
    void aWrongTokenIs401() {
        for (String wrong : List.of("wrong-token", EngineFixture.CONTROL_TOKEN + "x", EngineFixture.TOKEN + "x")) {
            EngineReply answer = engine.client(wrong).raw("GET", "/status", null);
            assertThat(answer.status()).as(wrong).isEqualTo(401);
            assertThat(json(answer.body()).path("code").asText()).isEqualTo("UNAUTHORIZED");
        }
    }

    private static void assertForbidden(EngineReply answer, String what) {
        assertForbidden(answer.status(), answer.body(), what);
    }

    private static void assertForbidden(Answer answer, String what) {
        assertForbidden(answer.status(), answer.body(), what);
    }

    private static void assertForbidden(int status, String body, String what) {
        assertThat(status).as(what).isEqualTo(403);
        if (!body.isEmpty()) { // HEAD has none
            JsonNode error = json(body);
            assertThat(error.path("code").asText()).as(what).isEqualTo("FORBIDDEN");
            assertThat(error.path("message").asText()).as(what).startsWith("The Platform may not ask for ");
        }
    }

    private record Answer(int status, String body) {}

    /** A request written byte for byte, as no HTTP client library would send it. */
    private static Answer rawRequest(String method, String target, String token, String extraHeaders) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", engine.apiPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write((method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nVerification-Token: " + token
                    + "\r\n" + extraHeaders + "Content-Length: 0\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String response = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            int status = Integer.parseInt(response.substring(9, 12));
            int bodyStart = response.indexOf("\r\n\r\n");
            String head = response.substring(0, bodyStart).toLowerCase(java.util.Locale.ROOT);
            String body = response.substring(bodyStart + 4);
            return new Answer(status, head.contains("transfer-encoding: chunked") ? dechunk(body) : body);
        }
    }

    private static String dechunk(String chunked) {
        StringBuilder body = new StringBuilder();
        int at = 0;
        while (true) {
            int lineEnd = chunked.indexOf("\r\n", at);
            int size = Integer.parseInt(chunked.substring(at, lineEnd).strip(), 16);
            if (size == 0) {
                return body.toString();
            }
            body.append(chunked, lineEnd + 2, lineEnd + 2 + size);
            at = lineEnd + 2 + size + 2;
        }
    }

    private static JsonNode json(String body) {
        try {
            return Json.mapper().readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean is(JsonNode entry, String caller, String action, String target, String result) {
        return caller.equals(entry.path("caller").asText()) && action.equals(entry.path("action").asText())
                && target.equals(entry.path("target").asText()) && result.equals(entry.path("result").asText());
    }

    private static List<JsonNode> audit() throws IOException {
        return Files.readAllLines(engine.stateDir().resolve("audit.log")).stream()
                .map(PlatformControlTokenTest::json).toList();
    }
}
