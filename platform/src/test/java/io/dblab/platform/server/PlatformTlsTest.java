package io.dblab.platform.server;

import static io.dblab.platform.testing.PlatformFixture.ADMIN_EMAIL;
import static io.dblab.platform.testing.PlatformFixture.ADMIN_PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dblab.platform.testing.PlatformFixture;
import io.dblab.platform.testing.WebClient;
import java.io.IOException;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A Platform serving HTTPS with a certificate from a private CA: its session cookie is Secure, so a
 * browser never sends it over plain HTTP, and its port answers no plain HTTP at all.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PlatformTlsTest {
    PlatformFixture fixture;

    @BeforeAll
    void start() {
        fixture = PlatformFixture.withTls();
    }

    @AfterAll
    void stop() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void signingInOverHttpsSetsASecureStrictSessionCookie() {
        WebClient web = fixture.web();
        assertThat(fixture.url()).startsWith("https://");
        web.get("/signin");
        HttpResponse<String> signedIn = web.post("/signin", "email", ADMIN_EMAIL, "password", ADMIN_PASSWORD);

        assertThat(signedIn.statusCode()).isEqualTo(303);
        assertThat(signedIn.headers().firstValue("Set-Cookie")).hasValueSatisfying(cookie ->
                assertThat(cookie).startsWith("dblab_platform_session=").contains("; Path=/").contains("; HttpOnly")
                        .contains("; SameSite=Strict").contains("; Secure"));
        assertThat(web.get("/orgs").body()).as("the cookie signs in").contains(">Acme</a>").contains(ADMIN_EMAIL);
    }

    @Test
    void plainHttpToTheTlsPortFails() {
        WebClient plain = new WebClient("http://127.0.0.1:" + fixture.platform().port());

        assertThatThrownBy(() -> plain.get("/signin")).hasCauseInstanceOf(IOException.class);
    }
}
