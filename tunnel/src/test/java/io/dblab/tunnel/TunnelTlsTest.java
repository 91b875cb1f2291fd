package io.dblab.tunnel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dblab.client.DblabClient;
import io.dblab.testkit.TempDirs;
import io.dblab.testkit.TestCa;
import io.dblab.tunnel.client.TunnelClientConfig;
import io.dblab.tunnel.client.TunnelConnector;
import io.dblab.tunnel.server.TunnelLimits;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** wss:// with a certificate from a private CA: trusted when the connector is given the CA, refused when not. */
class TunnelTlsTest {
    private Path dir;
    private TestCa ca;
    private TestEngine engine;
    private TestPlatform platform;
    private TunnelConnector connector;

    @BeforeEach
    void start() throws Exception {
        dir = Files.createTempDirectory("dblab-tunnel-tls-");
        ca = TestCa.createIn(dir);
        engine = new TestEngine();
        platform = new TestPlatform(0, TunnelLimits.defaults(), ca);
        platform.keys.put("key-1", "engine-1");
    }

    @AfterEach
    void stop() {
        if (connector != null) {
            connector.close();
        }
        platform.close();
        engine.close();
        TempDirs.deleteRecursively(dir);
    }

    @Test
    void theCaFileMakesThePlatformsCertificateTrusted() {
        connector = new TunnelConnector(config(ca.caCert()), engine.transport("token-1"));
        connector.start();

        await().until(() -> platform.hub.isConnected("engine-1"));
        assertThat(platform.url().getScheme()).isEqualTo("wss");
        assertThat(new DblabClient(platform.hub.transport("engine-1").orElseThrow()).clone("c1").id()).isEqualTo("c1");
    }

    @Test
    void aCertificateNoTrustedAuthoritySignedIsRefused() {
        connector = new TunnelConnector(config(null), engine.transport("token-1"));
        connector.start();

        // the handshake fails before any HTTP: the key is never even presented
        await().until(() -> connector.state() == TunnelConnector.State.WAITING);
        assertThat(platform.presentations("key-1")).isZero();
        assertThat(platform.hub.isConnected("engine-1")).isFalse();
    }

    private TunnelClientConfig config(Path caFile) {
        return TunnelClientConfig.of(platform.url(), "key-1", caFile)
                .withBackoff(Duration.ofMillis(50), Duration.ofMillis(500), Duration.ofMillis(500));
    }
}
