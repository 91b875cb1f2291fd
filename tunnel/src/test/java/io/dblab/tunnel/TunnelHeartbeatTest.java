package io.dblab.tunnel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dblab.client.DblabClient;
import io.dblab.tunnel.client.TunnelClientConfig;
import io.dblab.tunnel.client.TunnelConnector;
import io.dblab.tunnel.server.TunnelLimits;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A network that goes silent without closing anything: only the connector's heartbeat can tell,
 * since the hub's idle timeout is far off. The connector must drop the dead tunnel and dial a new one.
 */
class TunnelHeartbeatTest {
    private static final String CONNECTED = "connected engine-1 test-engine";
    /** Far beyond the heartbeat, so the hub cannot be the one that notices. */
    private static final TunnelLimits LIMITS = new TunnelLimits(64 * 1024, Duration.ofSeconds(30), Duration.ofSeconds(60));

    private TestEngine engine;
    private TestPlatform platform;
    private FreezableProxy proxy;
    private TunnelConnector connector;

    @BeforeEach
    void start() throws Exception {
        engine = new TestEngine();
        platform = new TestPlatform(0, LIMITS);
        platform.keys.put("key-1", "engine-1");
        proxy = new FreezableProxy(platform.url().getPort());
        TunnelClientConfig config = TunnelClientConfig.of(URI.create("ws://127.0.0.1:" + proxy.port() + "/tunnel"), "key-1", null)
                .withHeartbeat(Duration.ofMillis(300), Duration.ofMillis(300))
                .withBackoff(Duration.ofMillis(50), Duration.ofMillis(500), Duration.ofMillis(500));
        connector = new TunnelConnector(config, engine.transport("token-1"));
    }

    @AfterEach
    void stop() throws Exception {
        connector.close();
        proxy.close();
        platform.close();
        engine.close();
    }

    @Test
    void aFrozenNetworkIsNoticedByTheMissingPongAndTheConnectorReconnects() {
        connector.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> platform.events.contains(CONNECTED));
        DblabClient client = new DblabClient(platform.hub.transport("engine-1").orElseThrow());
        assertThat(client.clone("before").id()).isEqualTo("before");
        // pongs come back: over several heartbeats the live tunnel is kept
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3))
                .until(() -> connector.state() == TunnelConnector.State.CONNECTED);

        proxy.freeze();

        await().atMost(Duration.ofSeconds(5)).until(() -> connector.state() != TunnelConnector.State.CONNECTED);
        // nothing reached the hub: it still holds the dead tunnel, so the connector's heartbeat is what noticed
        assertThat(platform.hub.isConnected("engine-1")).isTrue();
        assertThat(platform.events).containsExactly(CONNECTED);

        proxy.thaw();

        // the new tunnel's hello, and the hub replaced the dead one with it; a dial made while frozen
        // first hangs until the connector's 10 s handshake timeout, hence the long wait
        await().atMost(Duration.ofSeconds(20)).until(() -> platform.events.stream().filter(CONNECTED::equals).count() == 2
                && connector.state() == TunnelConnector.State.CONNECTED);
        assertThat(client.clone("after").id()).isEqualTo("after");
    }
}
