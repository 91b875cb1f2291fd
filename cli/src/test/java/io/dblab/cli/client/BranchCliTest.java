package io.dblab.cli.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dblab.cli.CliRun;
import io.dblab.client.Json;
import io.dblab.engine.EngineFixture;
import java.io.IOException;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** dblab branch, switch, commit and log against a real engine, as a user types them. */
class BranchCliTest {
    private static final String PASSWORD = "Cli-Branch-Pass-8134-zorkmid";
    private static EngineFixture engine;

    @BeforeAll
    static void start() {
        engine = EngineFixture.start(16320, 16329, "1GiB", 0);
    }

    @AfterAll
    static void stop() {
        if (engine != null) {
            engine.close();
        }
    }

    @Test
    void branchSwitchCommitAndLog() throws Exception {
        try (CliHome home = CliHome.initialisedFor(engine, Map.of("DBLAB_CLONE_PASSWORD", PASSWORD))) {
            String retrieved = engine.client().snapshots().get(0).id();

            assertThat(ok(home.run("branch"))).isEqualTo("* main\n");
            assertThat(ok(home.run("branch", "dev"))).isEqualTo("Switched to new branch 'dev'\n");
            assertThat(Files.readString(home.dir().resolve(".dblab/cli/cli.yml"))).contains("current_branch: \"dev\"");
            assertThat(ok(home.run("branch"))).isEqualTo("  main\n* dev\n");

            JsonNode clone = home.createClone("--username", "dev_user", "--id", "c1");
            assertThat(clone.at("/branch").asText()).as("clones go on the current branch").isEqualTo("dev");
            execute(clone, "CREATE TABLE from_cli AS SELECT 7 AS n");

            String committed = ok(home.run("commit", "--clone-id", "c1", "-m", "first change"));
            assertThat(committed).matches("Created new snapshot 'pool1@snapshot_\\d{14}'\n");
            String snapshot = committed.substring(committed.indexOf('\'') + 1, committed.lastIndexOf('\''));

            String log = ok(home.run("log"));
            assertThat(log).startsWith("snapshot " + snapshot + " (HEAD -> dev)\nDataStateAt: ")
                    .contains("\n    first change\n\nsnapshot " + retrieved + " (HEAD -> main)\n")
                    .matches("(?s).*DataStateAt: \\w{3}, \\d{2} \\w{3} \\d{4} \\d{2}:\\d{2}:\\d{2} \\+0000\n.*");
            assertThat(ok(home.run("log", "main"))).startsWith("snapshot " + retrieved + " (HEAD -> main)\n")
                    .doesNotContain(snapshot);

            JsonNode second = home.createClone("--username", "reviewer", "--id", "c2");
            assertThat(second.at("/snapshot/id").asText()).isEqualTo(snapshot);
            assertThat(count(second, "SELECT n FROM from_cli")).isEqualTo(7);
            JsonNode onMain = home.createClone("--username", "other", "--id", "c3", "--branch", "main");
            assertThat(onMain.at("/snapshot/id").asText()).isEqualTo(retrieved);

            CliRun withClones = home.run("branch", "-d", "dev");
            assertThat(withClones.exitCode()).isEqualTo(1);
            assertThat(withClones.err()).startsWith("Error: ").contains("has clones: c1, c2");
            for (String id : new String[] {"c1", "c2", "c3"}) {
                assertThat(home.run("clone", "destroy", id).exitCode()).isZero();
            }
            Instant asked = Instant.now();
            JsonNode protectedDev = Json.mapper().readTree(ok(home.run("branch", "--protected", "2h", "dev")));
            assertThat(protectedDev.at("/name").asText()).isEqualTo("dev");
            CliEndToEndTest.assertProtectedFor(protectedDev, asked, Duration.ofHours(2));
            CliRun protectedDelete = home.run("branch", "-d", "dev");
            assertThat(protectedDelete.exitCode()).isEqualTo(1);
            assertThat(protectedDelete.err()).contains("protected");
            CliRun badValue = home.run("branch", "--protected", "8761h", "dev");
            assertThat(badValue.exitCode()).isEqualTo(2);
            assertThat(badValue.err()).startsWith("Error: invalid --protected value: '8761h' (at most 365 days;");
            assertThat(ok(home.run("branch", "-p", "false", "dev"))).isEqualTo("""
                    {
                        "name": "dev",
                        "protected": false
                    }
                    """);
            assertThat(ok(home.run("branch", "-d", "dev"))).isEqualTo("Deleted branch 'dev'\n");
            assertThat(ok(home.run("branch"))).as("deleting the current branch goes back to main, as in the reference")
                    .isEqualTo("* main\n");
            assertThat(ok(home.run("switch", "main"))).isEqualTo("Switched to branch 'main'\n");
            assertThat(engine.client().snapshots()).hasSize(1);

            CliRun unknown = home.run("switch", "nope");
            assertThat(unknown.exitCode()).isEqualTo(1);
            assertThat(unknown.err()).contains("branch 'nope' not found");
            assertThat(home.run("branch", "x", "--parent-branch", "main", "--snapshot-id", retrieved).exitCode()).isEqualTo(2);
            assertThat(home.run("commit", "-m", "no clone").exitCode()).isEqualTo(2);
        }
    }

    private static String ok(CliRun run) {
        assertThat(run.exitCode()).as(run.err()).isZero();
        return run.out();
    }

    private static JsonNode json(CliRun run) throws IOException {
        return Json.mapper().readTree(ok(run));
    }

    private static Connection connect(JsonNode clone) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + clone.at("/db/port").asText() + "/postgres",
                clone.at("/db/username").asText(), PASSWORD);
    }

    private static void execute(JsonNode clone, String sql) throws SQLException {
        try (Connection c = connect(clone)) {
            c.createStatement().execute(sql);
        }
    }

    private static long count(JsonNode clone, String sql) throws SQLException {
        try (Connection c = connect(clone); ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
