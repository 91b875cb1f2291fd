package io.dblab.platform.engines;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.dblab.engine.EngineFixture;
import io.dblab.platform.auth.ApiTokens;
import io.dblab.platform.config.PlatformConfig;
import io.dblab.platform.config.PlatformConfigLoader;
import io.dblab.platform.server.Platform;
import io.dblab.platform.storage.SecretBox;
import io.dblab.platform.testing.PlatformFixture;
import io.dblab.testkit.FreePorts;
import io.dblab.testkit.TempDirs;
import io.dblab.testkit.TestPostgres;
import io.dblab.tunnel.client.TunnelConnector;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Two Platform instances on one database: an engine's tunnel attaches to instance A, and instance B
 * serves its pages and API by relaying each request to A, authenticated by a ticket sealed with the
 * key both have; a key revoked through B closes the tunnel on A.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SeveralInstancesTest {
    private static final String EMAIL = "owner@example.com";
    private static final Map<String, String> ENV = Map.of("DBLAB_PLATFORM_KEY", PlatformFixture.SECRET_KEY);
    TestPostgres pg;
    Path dir;
    Platform a;
    Platform b;
    EngineFixture engine;
    TunnelConnector connector;
    ApiCalls viaB;
    String engines;
    long engineId;

    @BeforeAll
    void start() {
        pg = TestPostgres.start();
        dir = PlatformFixture.tempDir();
        pg.psql().run("postgres", "CREATE DATABASE shared");
        pg.psql().run("shared", "CREATE ROLE platform_app LOGIN PASSWORD 'app-pw-4e1f'; GRANT CREATE ON DATABASE shared TO platform_app;");
        Platform.createAdmin(config(FreePorts.next()), dir, EMAIL, "Shared", "shared-admin-pw-1");
        a = Platform.start(config(FreePorts.next()), dir, ENV);
        b = Platform.start(config(FreePorts.next()), dir, ENV);
        long user = b.services().users().byEmail(EMAIL).orElseThrow().id();
        long org = b.services().db().one("SELECT id FROM organizations", row -> row.getLong(1)).orElseThrow();
        viaB = new ApiCalls("http://127.0.0.1:" + b.port(), b.services().tokens().create(ApiTokens.Owner.user(user), "t", 30, user)
                .secret());
        engines = "/api/organizations/" + org + "/engines";
        engine = EngineFixture.start(EngineFixture.Setup.logical(17630, 17639).withControlToken());
        JsonNode made = viaB.json(viaB.send("POST", engines + "/tunnel", "{\"name\": \"behind-a\"}"), 201);
        engineId = made.get("id").asLong();
        connector = TestConnectors.start(a.port(), made.get("registrationKey").asText(), TestConnectors.engine(engine));
    }

    @AfterAll
    void stop() {
        try {
            if (connector != null) {
                connector.close();
            }
            if (engine != null) {
                engine.close();
            }
            for (Platform platform : new Platform[] {b, a}) {
                if (platform != null) {
                    platform.close();
                }
            }
        } finally {
            if (pg != null) {
                pg.close();
            }
            TempDirs.deleteRecursively(dir);
        }
    }

    @Test
    void theOtherInstanceRelaysToTheOneThatHoldsTheTunnel() throws Exception {
        await().atMost(Duration.ofSeconds(30)).until(() -> viaB.json(viaB.get(engines + "/" + engineId), 200)
                .path("status").path("status").path("code").asText().equals("OK"));
        assertThat(viaB.json(viaB.get(engines + "/" + engineId), 200).get("connection").asText()).isEqualTo("connected");

        String clones = engines + "/" + engineId + "/clones";
        viaB.json(viaB.send("POST", clones, "{\"id\": \"relayed\", \"username\": \"rita\", \"password\": \"relayed-pass-9\"}"), 201);
        await().atMost(Duration.ofSeconds(90)).until(() -> viaB.json(viaB.get(clones + "/relayed"), 200)
                .path("status").path("code").asText().equals("OK"));
        int port = viaB.json(viaB.get(clones + "/relayed"), 200).path("db").path("port").asInt();
        try (Connection db = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/postgres", "rita",
                "relayed-pass-9")) {
            assertThat(db.isValid(5)).isTrue();
        }
        assertThat(viaB.send("DELETE", clones + "/relayed", null).statusCode()).isEqualTo(204);
        HttpResponse<String> refused = viaB.send("DELETE", clones + "/no-such-clone", null);
        assertThat(refused.statusCode()).as("the engine's 404, relayed as it was").isEqualTo(404);
    }

    @Test
    void aRelayWithoutAValidTicketOrForAnotherOperationIsRefused() {
        ApiCalls toA = new ApiCalls("http://127.0.0.1:" + a.port(), "none");
        String body = "{\"method\": \"POST\", \"path\": \"/full-refresh\", \"body\": null}";
        assertThat(toA.send("PUT", RelayEndpoint.PATH_PREFIX + engineId, body).statusCode()).as("no ticket").isEqualTo(401);
        RelayTicket tickets = new RelayTicket(SecretBox.fromBase64(PlatformFixture.SECRET_KEY), Clock.systemUTC());
        RelayTicket otherKey = new RelayTicket(SecretBox.fromBase64("b3RoZXIta2V5LW90aGVyLWtleS1vdGhlci1rZXktMTI="),
                Clock.systemUTC());
        assertThat(sendTicket(toA, otherKey.issue(engineId, "POST", "/full-refresh", null), body)).isEqualTo(401);
        assertThat(sendTicket(toA, tickets.issue(engineId, "GET", "/status", null), body)).as("a ticket for another request")
                .isEqualTo(401);
        assertThat(sendTicket(toA, tickets.issue(engineId, "POST", "/full-refresh", null), body)).as("not a control operation")
                .isEqualTo(403);
    }

    @Test
    void aKeyRevokedThroughOneInstanceClosesTheTunnelOnTheOther() {
        JsonNode made = viaB.json(viaB.send("POST", engines + "/tunnel", "{\"name\": \"revoked-elsewhere\"}"), 201);
        long id = made.get("id").asLong();
        String key = made.get("registrationKey").asText();
        try (TunnelConnector other = TestConnectors.start(a.port(), key, TestConnectors.engine(engine))) {
            await().atMost(Duration.ofSeconds(30)).until(() -> connection(id).equals("connected"));
            assertThat(viaB.send("POST", engines + "/" + id + "/key/revoke", null).statusCode()).isEqualTo(204);
            await().atMost(Duration.ofSeconds(20)).until(() -> connection(id).equals("disconnected"));
            assertThat(other.state()).isNotEqualTo(TunnelConnector.State.CONNECTED);
        }
    }

    private String connection(long id) {
        return viaB.json(viaB.get(engines + "/" + id), 200).get("connection").asText();
    }

    private int sendTicket(ApiCalls to, String ticket, String body) {
        return to.send("PUT", RelayEndpoint.PATH_PREFIX + engineId, body, RelayTicket.HEADER, ticket).statusCode();
    }

    private PlatformConfig config(int port) {
        return PlatformConfigLoader.parse("""
                server: {port: %d}
                database: {url: '%s', user: platform_app, password: app-pw-4e1f}
                tunnels: {relayUrl: 'http://127.0.0.1:%d'}
                """.formatted(port, pg.jdbcUrl("shared"), port), Map.of());
    }
}
