package io.dblab.engine.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dblab.client.DblabClient;
import io.dblab.client.model.Clone;
import io.dblab.client.model.CloneRequest;
import io.dblab.client.transport.EngineReply;
import io.dblab.engine.EngineFixture;
import io.dblab.tunnel.server.TunnelHub;
import io.dblab.tunnel.server.TunnelLimits;
import io.dblab.tunnel.server.TunnelListener;
import io.javalin.Javalin;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An engine with {@code platform.tunnel} dials out to a Platform's tunnel hub, and the Platform steers
 * it through the tunnel alone: the allowed operations work for real, the others are refused.
 */
class EngineTunnelTest {
    private static final String KEY = "registration-key-for-the-engine-tunnel-test";
    private static Javalin platform;
    private static TunnelHub hub;
    private static EngineFixture engine;

    @BeforeAll
    static void start() {
        hub = new TunnelHub(key -> KEY.equals(key) ? Optional.of("engine-1") : Optional.empty(), TunnelListener.NONE,
                TunnelLimits.defaults());
        platform = Javalin.create(cfg -> hub.mount(cfg, "/tunnel")).start("127.0.0.1", 0);
        engine = EngineFixture.start(EngineFixture.Setup.logical(6460, 6469)
                .withTunnel("ws://127.0.0.1:" + platform.port() + "/tunnel", KEY));
    }

    @AfterAll
    static void stop() {
        if (engine != null) {
            engine.close();
        }
        if (hub != null) {
            hub.close();
        }
        if (platform != null) {
            platform.stop();
        }
    }

    @Test
    void thePlatformSteersTheEngineThroughTheTunnel() throws Exception {
        await().atMost(Duration.ofSeconds(30)).until(() -> hub.isConnected("engine-1"));
        DblabClient client = new DblabClient(hub.transport("engine-1").orElseThrow());
        assertThat(client.status().status().code()).isEqualTo("OK");
        assertThat(client.snapshots()).isNotEmpty();

        client.createClone(new CloneRequest("through-tunnel", false, new CloneRequest.DbRequest("alice", "tunnel-pass-1", false, null),
                null, null, null));
        Clone ready = await().atMost(Duration.ofSeconds(60)).until(() -> client.clone("through-tunnel"),
                c -> "OK".equals(c.status().code()));
        try (Connection db = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + ready.db().port() + "/postgres",
                "alice", "tunnel-pass-1")) {
            assertThat(db.isValid(5)).isTrue();
        }
        assertThat(client.updateClone("through-tunnel", true).isProtected()).isTrue();
        assertThat(client.updateClone("through-tunnel", false).isProtected()).isFalse();
        client.destroyClone("through-tunnel");
        await().atMost(Duration.ofSeconds(30)).until(() -> client.findClone("through-tunnel").isEmpty());
    }

    @Test
    void whatThePlatformMayNotAskForIsRefused() {
        await().atMost(Duration.ofSeconds(30)).until(() -> hub.isConnected("engine-1"));
        DblabClient client = new DblabClient(hub.transport("engine-1").orElseThrow());
        for (String[] request : new String[][] {{"POST", "/full-refresh"}, {"GET", "/admin/config"},
                {"GET", "/branch/main/log"}, {"DELETE", "/snapshot/" + engine.client().snapshots().get(0).id()}}) {
            EngineReply reply = client.raw(request[0], request[1], null);
            assertThat(reply.status()).as(request[0] + " " + request[1]).isEqualTo(403);
        }
        assertThat(engine.client().snapshots()).isNotEmpty();
    }
}
