package io.dblab.engine.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dblab.client.DblabApiException;
import io.dblab.client.DblabClient;
import io.dblab.engine.Engine;
import io.dblab.engine.config.EngineConfig;
import io.dblab.pg.process.Command;
import io.dblab.testkit.FreePorts;
import io.dblab.testkit.Requirements;
import io.dblab.testkit.TempDirs;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The API over TLS from PEM files, on an engine with a reflink pool and no retrieval. */
class TlsTest {
    private Path dir;
    private Engine engine;

    @BeforeEach
    void certificate() throws Exception {
        Requirements.requirePostgres();
        dir = Files.createTempDirectory("dblab-tls-");
        Command.of("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=localhost", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
                "-keyout", dir.resolve("key.pem").toString(), "-out", dir.resolve("cert.pem").toString()).check();
    }

    @AfterEach
    void cleanUp() {
        if (engine != null) {
            engine.close();
        }
        TempDirs.deleteRecursively(dir);
    }

    @Test
    void servesHttpsOnlyWithThePemCertificate() {
        int port = FreePorts.next();
        engine = Engine.start(config(port));
        DblabClient https = new DblabClient(URI.create("https://127.0.0.1:" + port), "tls-token", Duration.ofSeconds(10), true);
        assertThat(https.healthz().version()).isEqualTo(Engine.VERSION);
        assertThat(https.status().pools()).hasSize(1);
        assertThatThrownBy(() -> new DblabClient(URI.create("https://127.0.0.1:" + port), "wrong").status())
                .isInstanceOf(DblabApiException.class);
        DblabClient plain = new DblabClient(URI.create("http://127.0.0.1:" + port), "tls-token", Duration.ofSeconds(5), false);
        assertThatThrownBy(plain::healthz).isInstanceOf(DblabApiException.class);
        assertThat(engine.listeningPorts()).containsExactly(port);
    }

    private EngineConfig config(int port) {
        return ApiOnlyConfig.of(dir, port, "tls-token",
                new EngineConfig.Tls(dir.resolve("cert.pem").toString(), dir.resolve("key.pem").toString()));
    }
}
