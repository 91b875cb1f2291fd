package io.dblab.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dblab.client.model.Clone;
import io.dblab.client.model.InstanceStatus;
import io.dblab.pg.process.Command;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The engine's periodic checks meet real failures and keep going: a clone whose server was killed
 * is found by the idle check (every 2 s here) and its state says so, again after a reset; space
 * metering that fails is alerted while {@code /status} still answers, and the alert clears when
 * metering works again.
 */
class BackgroundChecksTest {
    private static final String PASSWORD = "Background-Check-4471-frotz";
    private static EngineFixture engine;

    @BeforeAll
    static void start() {
        engine = EngineFixture.start(EngineFixture.Setup.logical(18310, 18319).withMaxIdleMinutes(60).withQuotas());
    }

    @AfterAll
    static void stop() {
        if (engine != null) {
            engine.close();
        }
    }

    @Test
    void aClonesKilledServerIsFoundByTheIdleCheckEveryTime() throws Exception {
        Clone killed = engine.createClone("killed", "kim", PASSWORD, false);
        Clone bystander = engine.createClone("bystander", "bea", PASSWORD, true);

        killPostmaster("killed");
        Clone fatal = engine.awaitStatus("killed", "FATAL");
        assertThat(fatal.status().message()).contains("server is not running").contains("reset the clone");
        assertThat(engine.client().clone("bystander").status().code()).isEqualTo("OK");
        assertThat(EngineFixture.queryLong(bystander, PASSWORD, "SELECT 1")).isEqualTo(1);

        // a reset brings it back on its port; killed again, the check (still running) finds it again
        engine.client().resetClone("killed", null);
        Clone reset = engine.awaitStatus("killed", "OK");
        assertThat(reset.db().port()).isEqualTo(killed.db().port());
        assertThat(EngineFixture.queryLong(reset, PASSWORD, "SELECT 1")).isEqualTo(1);
        killPostmaster("killed");
        engine.awaitStatus("killed", "FATAL");
        assertThat(engine.client().retrieval().alerts()).doesNotContainKey("idle_check_failed");

        engine.client().updateClone("bystander", false);
        for (String id : new String[] {"killed", "bystander"}) {
            engine.client().destroyClone(id);
            engine.awaitGone(id);
        }
    }

    @Test
    void failingSpaceMeteringIsAlertedAndStatusStillAnswers() {
        String alert = "space_metering_failed_pool1";
        String root = engine.poolRoot().toString();
        // sizes are measured in the background: the first /status may come before the first measurement
        long dataSize = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> engine.client().status().pools().get(0).fileSystem().dataSize(), size -> size > 0);

        // without quota groups the meter's "btrfs qgroup show" fails, as it would on a file system whose quotas broke
        Command.of("btrfs", "quota", "disable", root).check();
        try {
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                    .until(() -> engine.client().status().retrieving().alerts().containsKey(alert));
            InstanceStatus status = engine.client().status();
            assertThat(status.retrieving().alerts().get(alert).message()).startsWith("Space metering of pool pool1 failed: ");
            assertThat(status.status().code()).isEqualTo("WARNING");
            assertThat(status.pools().get(0).fileSystem().dataSize()).as("the last figures").isEqualTo(dataSize);
        } finally {
            Command.of("btrfs", "quota", "enable", root).check();
            Command.of("btrfs", "quota", "rescan", "-W", root).check();
        }

        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                .until(() -> !engine.client().status().retrieving().alerts().containsKey(alert));
        assertThat(engine.client().status().status().code()).isEqualTo("OK");
    }

    /** kill -9 of the clone's postmaster, as the OOM killer or an operator's mistake would do. */
    private static void killPostmaster(String cloneId) throws IOException {
        String pid = Files.readAllLines(engine.poolRoot().resolve("clones").resolve(cloneId).resolve("postmaster.pid")).get(0);
        Command.of("kill", "-9", pid.strip()).check();
    }
}
