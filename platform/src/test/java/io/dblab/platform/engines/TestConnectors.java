package io.dblab.platform.engines;

import io.dblab.client.transport.EngineTransport;
import io.dblab.client.transport.HttpTransport;
import io.dblab.engine.EngineFixture;
import io.dblab.tunnel.client.TunnelClientConfig;
import io.dblab.tunnel.client.TunnelConnector;
import java.net.URI;
import java.time.Duration;

/** Standalone tunnel connectors for the tests, as {@code dblab tunnel connect} runs one next to an engine. */
final class TestConnectors {
    private TestConnectors() {}

    /** The engine's API with its control token, as a connector in front of it calls it. */
    static EngineTransport engine(EngineFixture engine) {
        return new HttpTransport(URI.create("http://127.0.0.1:" + engine.apiPort()), EngineFixture.CONTROL_TOKEN,
                Duration.ofSeconds(30), false);
    }

    /** A started connector to the Platform on {@code platformPort}; it reconnects within half a second. */
    static TunnelConnector start(int platformPort, String key, EngineTransport engine) {
        TunnelConnector connector = new TunnelConnector(TunnelClientConfig.of(URI.create("ws://127.0.0.1:" + platformPort
                + "/tunnel"), key, null).withBackoff(Duration.ofMillis(100), Duration.ofMillis(500), Duration.ofMillis(500)), engine);
        connector.start();
        return connector;
    }
}
