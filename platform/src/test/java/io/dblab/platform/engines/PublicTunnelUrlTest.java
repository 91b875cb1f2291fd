package io.dblab.platform.engines;

import static io.dblab.platform.testing.PlatformFixture.ADMIN_EMAIL;
import static io.dblab.platform.testing.PlatformFixture.ADMIN_PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

import io.dblab.platform.testing.PlatformFixture;
import org.junit.jupiter.api.Test;

/**
 * Behind a proxy that ends TLS, the Platform's own address says http while engines must dial wss:
 * with {@code tunnels.publicUrl} the engines page shows the address engines reach.
 */
class PublicTunnelUrlTest {
    @Test
    void theEnginesPageShowsTheConfiguredTunnelAddress() {
        try (PlatformFixture platform = PlatformFixture.withConfig("tunnels: {publicUrl: 'wss://platform.example.com/tunnel'}\n")) {
            long acme = platform.platform().services().db()
                    .one("SELECT id FROM organizations WHERE name = ?", row -> row.getLong(1), PlatformFixture.ORG)
                    .orElseThrow();
            var web = platform.web();
            web.signIn(ADMIN_EMAIL, ADMIN_PASSWORD);
            web.get("/orgs/" + acme + "/engines");

            String page = web.post("/orgs/" + acme + "/engines/tunnel", "name", "behind-proxy").body();

            assertThat(page).contains("dblab tunnel connect --platform wss://platform.example.com/tunnel")
                    .contains("url: wss://platform.example.com/tunnel").doesNotContain("ws://127.0.0.1");
        }
    }
}
