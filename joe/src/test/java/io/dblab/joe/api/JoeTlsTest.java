package io.dblab.joe.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dblab.engine.EngineFixture;
import io.dblab.joe.Joe;
import io.dblab.joe.testing.JoeFixture;
import io.dblab.joe.testing.JoeHttp;
import io.dblab.joe.testing.SelfSignedCertificate;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertPathBuilderException;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Joe's API over TLS from PEM files (serverkit's listener), with a real engine behind it: HTTPS only. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JoeTlsTest {
    EngineFixture engine;
    Path dir;
    SelfSignedCertificate certificate;
    Joe joe;

    @BeforeAll
    void start() throws Exception {
        engine = EngineFixture.start(EngineFixture.Setup.logical(19625, 19629));
        dir = Files.createTempDirectory("joe-tls-test-");
        certificate = SelfSignedCertificate.createIn(dir);
        joe = Joe.start(JoeFixture.withTls(JoeFixture.config(engine, dir.resolve("state")), certificate.certFile(),
                certificate.keyFile()));
    }

    @AfterAll
    void stop() throws Exception {
        JoeFixture.stopAll(joe, null, engine, dir);
    }

    private String https() {
        return "https://127.0.0.1:" + joe.port();
    }

    @Test
    void aClientThatTrustsTheCertificateGetsAnswers() throws Exception {
        JoeHttp http = new JoeHttp(https(), JoeFixture.TOKEN, HttpClient.newBuilder().sslContext(certificate.trustingContext()));
        assertThat(http.command("tess", "tls", "help").ok()).isTrue();
        JoeHttp.Reply plan = http.command("tess", "tls", "plan select * from orders where total > 500");
        assertThat(plan.ok()).as(plan.body()).isTrue();
        assertThat(plan.json().path("plan").path("text").asText()).contains("Seq Scan on public.orders");
        assertThat(http.get("/api/history" + JoeHttp.query("tess", "tls")).json().path("entries")).hasSize(2);
        assertThat(http.send("POST", "/api/commands", "{}", "wrong-token").status()).isEqualTo(401);
    }

    @Test
    void aClientThatDoesNotTrustItIsRefusedTheHandshake() {
        JoeHttp untrusting = new JoeHttp(https(), JoeFixture.TOKEN, HttpClient.newBuilder());
        assertThatThrownBy(() -> untrusting.command("tess", "tls", "help"))
                .isInstanceOf(UncheckedIOException.class).hasCauseInstanceOf(SSLHandshakeException.class)
                .hasRootCauseInstanceOf(CertPathBuilderException.class);
    }

    @Test
    void plainHttpToTheTlsPortFails() {
        JoeHttp plain = new JoeHttp(joe.port(), JoeFixture.TOKEN);
        assertThatThrownBy(() -> plain.command("tess", "tls", "help")).isInstanceOf(UncheckedIOException.class);
        assertThatThrownBy(() -> plain.send("GET", "/healthz", null, null)).isInstanceOf(UncheckedIOException.class);
    }
}
