package io.dblab.cli.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dblab.cli.CliRun;
import io.dblab.client.Json;
import io.dblab.engine.EngineFixture;
import io.dblab.testkit.TempDirs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The dblab client commands against a real engine, as a user types them after {@code dblab init}. */
class CliEndToEndTest {
    private static final String PASSWORD = "Cli-EndToEnd-5523-frobozz";
    private static EngineFixture engine;
    private static Path home;

    @BeforeAll
    static void start() throws IOException {
        engine = EngineFixture.start(16180, 16189, "1GiB", 0);
        home = Files.createTempDirectory("dblab-cli-home-");
    }

    @AfterAll
    static void stop() {
        if (engine != null) {
            engine.close();
        }
        TempDirs.deleteRecursively(home);
    }

    @Test
    void cloneLifecycleThroughTheCli() throws Exception {
        Map<String, String> env = Map.of("DBLAB_CLI_HOME", home.toString(), "DBLAB_CLONE_PASSWORD", PASSWORD);
        assertThat(run(env, "init", "--url", "http://127.0.0.1:" + engine.apiPort(), "--token", EngineFixture.TOKEN)
                .exitCode()).isZero();

        JsonNode status = json(run(env, "instance", "status"));
        assertThat(status.at("/retrieving/status").asText()).isEqualTo("finished");
        int snapshots = json(run(env, "snapshot", "list")).size();
        assertThat(snapshots).isPositive();

        CliRun created = run(env, "clone", "create", "--username", "cli_user", "--id", "cli1", "--protected");
        assertThat(created.exitCode()).as(created.err()).isZero();
        assertThat(created.out()).doesNotContain(PASSWORD);
        JsonNode clone = Json.mapper().readTree(created.out());
        assertThat(clone.at("/status/code").asText()).isEqualTo("OK");
        assertThat(clone.at("/protected").asBoolean()).isTrue();
        String port = clone.at("/db/port").asText();
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/postgres", "cli_user", PASSWORD);
             ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM customers")) {
            rs.next();
            assertThat(rs.getLong(1)).isEqualTo(2000);
        }

        assertThat(json(run(env, "clone", "list"))).hasSize(1);
        assertThat(json(run(env, "clone", "status", "cli1")).at("/id").asText()).isEqualTo("cli1");
        CliRun refused = run(env, "clone", "destroy", "cli1");
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.err()).contains("Error:").contains("protected");
        assertThat(json(run(env, "clone", "update", "cli1", "--protected", "false")).at("/protected").asBoolean()).isFalse();
        assertThat(json(run(env, "clone", "reset", "cli1")).at("/status/code").asText()).isEqualTo("OK");
        assertThat(run(env, "clone", "destroy", "cli1").exitCode()).isZero();

        CliRun missing = run(env, "clone", "status", "cli1");
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.err()).contains("not found");

        JsonNode snapshot = json(run(env, "snapshot", "create"));
        String id = snapshot.at("/id").asText();
        assertThat(json(run(env, "snapshot", "list"))).hasSize(snapshots + 1);
        assertThat(json(run(env, "snapshot", "update", id, "--protected", "true")).at("/protected").asBoolean()).isTrue();
        CliRun protectedDelete = run(env, "snapshot", "delete", id);
        assertThat(protectedDelete.exitCode()).isEqualTo(1);
        assertThat(protectedDelete.err()).contains("protected");
        assertThat(json(run(env, "snapshot", "update", id, "--protected", "false")).at("/protected").asBoolean()).isFalse();
        assertThat(run(env, "snapshot", "delete", id).exitCode()).isZero();
        assertThat(json(run(env, "snapshot", "list"))).hasSize(snapshots);
    }

    @Test
    void watchDrawsRetrievalProgressUntilTheRefreshIsDone() throws Exception {
        Map<String, String> env = Map.of("DBLAB_CLI_HOME", home.toString());
        assertThat(run(env, "init", "--url", "http://127.0.0.1:" + engine.apiPort(), "--token", EngineFixture.TOKEN)
                .exitCode()).isZero();
        // big enough that the dump and the restore each last longer than a poll of --watch
        engine.source().psql().run("postgres", "CREATE TABLE events AS SELECT g AS id, md5(g::text) AS payload "
                + "FROM generate_series(1, 2500000) g");
        assertThat(json(run(env, "instance", "full-refresh")).at("/message").asText()).isEqualTo("Full refresh started");

        CliRun watch = run(env, "instance", "status", "--watch");
        assertThat(watch.exitCode()).as(watch.err()).isZero();
        assertThat(watch.out()).containsPattern("retrieval: refreshing, (dump|restore) \\[[#.]{30}\\] +\\d+% ")
                .endsWith("retrieval: finished\n");
        assertThat(json(run(env, "snapshot", "list"))).hasSizeGreaterThanOrEqualTo(1);
    }

    private static CliRun run(Map<String, String> env, String... args) {
        return CliRun.of(env, args);
    }

    private static JsonNode json(CliRun run) throws IOException {
        assertThat(run.exitCode()).as(run.err()).isZero();
        return Json.mapper().readTree(run.out());
    }
}
