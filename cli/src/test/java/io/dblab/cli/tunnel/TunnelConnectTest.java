package io.dblab.cli.tunnel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dblab.cli.CliRun;
import io.dblab.client.transport.EngineReply;
import io.dblab.tunnel.server.TunnelHub;
import io.dblab.tunnel.server.TunnelLimits;
import io.dblab.tunnel.server.TunnelListener;
import io.javalin.Javalin;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code dblab tunnel connect} between a hub on loopback and a small HTTP engine, and the ways it refuses to start. */
class TunnelConnectTest {
    private static final String KEY = "cli-tunnel-key-51c2";
    private static final String ENGINE_TOKEN = "cli-engine-token-9d3e";
    private TunnelHub hub;
    private Javalin platform;
    private Javalin engine;

    @BeforeEach
    void start() {
        hub = new TunnelHub(key -> key.equals(KEY) ? Optional.of("engine-1") : Optional.empty(), TunnelListener.NONE,
                TunnelLimits.defaults());
        platform = Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            cfg.jetty.host = "127.0.0.1";
            cfg.jetty.port = 0;
            hub.mount(cfg, "/tunnel");
        }).start();
        engine = Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            cfg.jetty.host = "127.0.0.1";
            cfg.jetty.port = 0;
            cfg.routes.get("/status", ctx -> ctx.json(Map.of("token", String.valueOf(ctx.header("Verification-Token")))));
        }).start();
    }

    @AfterEach
    void stop() {
        hub.close();
        platform.stop();
        engine.stop();
    }

    @Test
    void carriesThePlatformsRequestsToTheEngineUntilInterrupted() throws Exception {
        AtomicReference<CliRun> result = new AtomicReference<>();
        Thread connect = new Thread(() -> result.set(CliRun.of(Map.of("DBLAB_TUNNEL_KEY", KEY, "DBLAB_ENGINE_TOKEN", ENGINE_TOKEN),
                "tunnel", "connect", "--platform", "ws://127.0.0.1:" + platform.port() + "/tunnel",
                "--engine", "http://127.0.0.1:" + engine.port())), "tunnel-connect-test");
        connect.start();
        try {
            await().until(() -> hub.isConnected("engine-1"));
            EngineReply status = hub.transport("engine-1").orElseThrow().exchange("GET", "/status", null);
            assertThat(status.body()).contains(ENGINE_TOKEN);
        } finally {
            connect.interrupt();
            connect.join(30_000);
        }
        assertThat(result.get().exitCode()).as(result.get().err()).isZero();
        assertThat(result.get().out()).contains("Tunnel from the engine at http://127.0.0.1:" + engine.port());
        await().until(() -> !hub.isConnected("engine-1"));
    }

    @Test
    void refusesToStartWithoutAKeyOrWithPlainWebSocketToAnotherHost() {
        CliRun noKey = CliRun.of(Map.of(), "tunnel", "connect", "--platform", "wss://platform.example.com/tunnel",
                "--engine", "http://127.0.0.1:2345", "--engine-token", "t");
        assertThat(noKey.exitCode()).isEqualTo(1);
        assertThat(noKey.err()).startsWith("Error: no registration key: pass --key or set DBLAB_TUNNEL_KEY");

        CliRun plain = CliRun.of(Map.of(), "tunnel", "connect", "--platform", "ws://platform.example.com/tunnel",
                "--key", "k", "--engine", "http://127.0.0.1:2345", "--engine-token", "t");
        assertThat(plain.exitCode()).isEqualTo(1);
        assertThat(plain.err()).contains("must use wss://");

        CliRun badEngine = CliRun.of(Map.of(), "tunnel", "connect", "--platform", "wss://platform.example.com/tunnel",
                "--key", "k", "--engine", "ftp://x", "--engine-token", "t");
        assertThat(badEngine.err()).startsWith("Error: invalid engine URL 'ftp://x'");
    }
}
