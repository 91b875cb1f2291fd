package io.dblab.cli.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dblab.cli.CliRun;
import io.dblab.client.Json;
import io.dblab.engine.EngineFixture;
import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The dblab client commands against a real engine, as a user types them after {@code dblab init}. */
class CliEndToEndTest {
    private static final String PASSWORD = "Cli-EndToEnd-5523-frobozz";
    private static EngineFixture engine;

    @BeforeAll
    static void start() {
        engine = EngineFixture.start(16180, 16189, "3GiB", 0);
    }

    @AfterAll
    static void stop() {
        if (engine != null) {
            engine.close();
        }
    }

    @Test
    void cloneLifecycleThroughTheCli() throws Exception {
        try (CliHome home = CliHome.initialisedFor(engine, Map.of("DBLAB_CLONE_PASSWORD", PASSWORD))) {

            JsonNode status = json(home.run("instance", "status"));
            assertThat(status.at("/retrieving/status").asText()).isEqualTo("finished");
            int snapshots = json(home.run("snapshot", "list")).size();
            assertThat(snapshots).isPositive();

            Instant asked = Instant.now();
            JsonNode clone = home.createClone("--username", "cli_user", "--id", "cli1", "--protected", "2h");
            assertThat(clone.toString()).doesNotContain(PASSWORD);
            assertThat(clone.at("/status/code").asText()).isEqualTo("OK");
            assertThat(clone.at("/protected").asBoolean()).isTrue();
            assertProtectedFor(clone, asked, Duration.ofHours(2));
            String port = clone.at("/db/port").asText();
            try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/postgres", "cli_user", PASSWORD);
                 ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM customers")) {
                rs.next();
                assertThat(rs.getLong(1)).isEqualTo(2000);
            }

            assertThat(json(home.run("clone", "list"))).hasSize(1);
            assertThat(json(home.run("clone", "status", "cli1")).at("/id").asText()).isEqualTo("cli1");
            CliRun refused = home.run("clone", "destroy", "cli1");
            assertThat(refused.exitCode()).isEqualTo(1);
            assertThat(refused.err()).contains("Error:").contains("protected");
            CliRun badValue = home.run("clone", "update", "cli1", "--protected", "2x");
            assertThat(badValue.exitCode()).isEqualTo(2);
            assertThat(badValue.err()).startsWith("Error: invalid --protected value: '2x' (");
            assertThat(json(home.run("clone", "status", "cli1")).at("/protectedTill"))
                    .as("a refused value changes nothing").isEqualTo(clone.at("/protectedTill"));
            asked = Instant.now();
            assertProtectedFor(json(home.run("clone", "update", "cli1", "-p", "30m")), asked, Duration.ofMinutes(30));
            JsonNode untilLifted = json(home.run("clone", "update", "cli1", "--protected", "0"));
            assertThat(untilLifted.at("/protected").asBoolean()).isTrue();
            assertThat(untilLifted.has("protectedTill")).as("0: until unprotected").isFalse();
            assertThat(json(home.run("clone", "update", "cli1", "--protected", "false")).at("/protected").asBoolean()).isFalse();
            assertThat(home.run("clone", "reset", "cli1").out()).isEqualTo("The clone has been successfully reset: cli1\n");
            assertThat(json(home.run("clone", "status", "cli1")).at("/status/code").asText()).isEqualTo("OK");
            assertThat(home.run("clone", "destroy", "cli1").out()).isEqualTo("The clone has been successfully destroyed: cli1\n");

            CliRun missing = home.run("clone", "status", "cli1");
            assertThat(missing.exitCode()).isEqualTo(1);
            assertThat(missing.err()).contains("not found");

            JsonNode snapshot = json(home.run("snapshot", "create"));
            String id = snapshot.at("/id").asText();
            assertThat(json(home.run("snapshot", "list"))).hasSize(snapshots + 1);
            assertThat(json(home.run("snapshot", "update", id, "--protected", "true")).at("/protected").asBoolean()).isTrue();
            asked = Instant.now();
            assertProtectedFor(json(home.run("snapshot", "update", id, "--protected", "1d")), asked, Duration.ofDays(1));
            CliRun protectedDelete = home.run("snapshot", "delete", id);
            assertThat(protectedDelete.exitCode()).isEqualTo(1);
            assertThat(protectedDelete.err()).contains("protected");
            assertThat(json(home.run("snapshot", "update", id, "--protected", "false")).at("/protected").asBoolean()).isFalse();
            assertThat(home.run("snapshot", "delete", id).out()).isEqualTo("Deleted snapshot '" + id + "'\n");
            assertThat(json(home.run("snapshot", "list"))).hasSize(snapshots);
        }
    }

    @Test
    void watchDrawsRetrievalProgressUntilTheRefreshIsDone() throws Exception {
        try (CliHome home = CliHome.initialisedFor(engine, Map.of())) {
            // big enough that the copy of the rows and the index builds each last longer than a poll of
            // --watch, and the copy longer than the engine's two seconds between samples of progress
            engine.source().psql().run("postgres", EngineFixture.BULK_TABLES + EngineFixture.MORE_BULK_TABLES);
            assertThat(home.run("instance", "full-refresh").out()).isEqualTo("Full refresh started\n");

            CliRun watch = home.run("instance", "status", "--watch");
            assertThat(watch.exitCode()).as(watch.err()).isZero();
            assertThat(watch.out()).containsPattern("retrieval: refreshing, (copy|indexes) \\[[#.]{30}\\] +\\d+% ")
                    .endsWith("retrieval: finished\n");
            // once a phase has run a while, its line also shows the rate and the time left
            assertThat(watch.out()).containsPattern(
                    "retrieval: refreshing, (copy|indexes) \\[[#.]{30}\\] .*, [\\d.]+ (MiB|GiB|tables)/s, \\d+ s left\n");
            assertThat(json(home.run("snapshot", "list"))).hasSizeGreaterThanOrEqualTo(1);
        }
    }

    /** Protected until {@code length} after {@code asked}, as the engine's clock and ours agree within a minute. */
    static void assertProtectedFor(JsonNode answer, Instant asked, Duration length) {
        assertThat(answer.at("/protected").asBoolean()).isTrue();
        Instant till = OffsetDateTime.parse(answer.at("/protectedTill").asText()).toInstant();
        assertThat(till).isBetween(asked.plus(length).minusSeconds(60), Instant.now().plus(length).plusSeconds(60));
    }

    private static JsonNode json(CliRun run) throws IOException {
        assertThat(run.exitCode()).as(run.err()).isZero();
        return Json.mapper().readTree(run.out());
    }
}
