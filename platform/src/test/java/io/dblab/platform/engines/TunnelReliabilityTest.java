package io.dblab.platform.engines;

import static io.dblab.platform.testing.PlatformFixture.ADMIN_EMAIL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.dblab.engine.EngineFixture;
import io.dblab.platform.auth.ApiTokens;
import io.dblab.platform.testing.PlatformFixture;
import io.dblab.tunnel.client.TunnelConnector;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Tunnels under stress, with standalone connectors (short backoff) in front of one real engine, each
 * with its own registration key: twenty at once, and all of them again after the Platform restarts.
 * One engine fronted twenty times stands for twenty engines: the machine has only 8 loop devices for
 * btrfs pools, and what is under test is the Platform's end of the tunnels, not the engines.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TunnelReliabilityTest {
    private static final int ENGINES = 20;
    PlatformFixture platform;
    EngineFixture engine;
    ApiCalls admin;
    String engines;
    final List<Long> ids = new ArrayList<>();
    final List<TunnelConnector> connectors = new ArrayList<>();

    @BeforeAll
    void start() {
        platform = PlatformFixture.start();
        long acme = platform.platform().services().db().one("SELECT id FROM organizations", row -> row.getLong(1)).orElseThrow();
        long user = platform.platform().services().users().byEmail(ADMIN_EMAIL).orElseThrow().id();
        admin = new ApiCalls(platform.url(), platform.platform().services().tokens()
                .create(ApiTokens.Owner.user(user), "tests", 30, user).secret());
        engines = "/api/organizations/" + acme + "/engines";
        engine = EngineFixture.start(EngineFixture.Setup.logical(17610, 17619).withControlToken());
        for (int i = 0; i < ENGINES; i++) {
            JsonNode made = admin.json(admin.send("POST", engines + "/tunnel", "{\"name\": \"engine-" + i + "\"}"), 201);
            ids.add(made.get("id").asLong());
            connectors.add(TestConnectors.start(platform.platform().port(), made.get("registrationKey").asText(),
                    TestConnectors.engine(engine)));
        }
    }

    @AfterAll
    void stop() {
        try {
            connectors.forEach(TunnelConnector::close);
            if (engine != null) {
                engine.close();
            }
        } finally {
            if (platform != null) {
                platform.close();
            }
        }
    }

    @Test
    void twentyTunnelsAtOnceThenAllBackAfterARestart() {
        awaitAllAnswer();
        assertAllConnected();

        platform.restart();
        awaitAllAnswer();
        assertAllConnected();
        String audit = admin.get(engines.replace("/engines", "/audit") + "?action=tunnel.connect").body();
        assertThat(audit.split("\"tunnel.connect\"", -1).length - 1).as("each connected, before and after")
                .isGreaterThanOrEqualTo(2 * ENGINES);
    }

    private void assertAllConnected() {
        assertThat(admin.json(admin.get(engines), 200)).hasSize(ENGINES).allSatisfy(e -> {
            assertThat(e.get("connection").asText()).isEqualTo("connected");
            assertThat(e.path("status").path("status").path("code").asText()).isEqualTo("OK");
        });
    }

    /** Every engine answers through its own tunnel, all at the same time. */
    private void awaitAllAnswer() {
        await().atMost(Duration.ofSeconds(60)).until(() -> IntStream.range(0, ENGINES).parallel()
                .allMatch(i -> admin.get(engines + "/" + ids.get(i) + "/snapshots").statusCode() == 200));
    }
}
