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
            assertThat(ok(home.run("branch"))).as("sorted, as in the reference").isEqualTo("* dev\n  main\n");

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

            CliRun withClones = home.run("--current-branch", "main", "branch", "-d", "dev");
            assertThat(withClones.exitCode()).isEqualTo(1);
            assertThat(withClones.err()).startsWith("Error: ").contains("has clones: c1, c2");
            for (String id : new String[] {"c1", "c2", "c3"}) {
                assertThat(home.run("clone", "destroy", id).exitCode()).isZero();
            }
            Instant asked = Instant.now();
            JsonNode protectedDev = Json.mapper().readTree(ok(home.run("branch", "--protected", "2h", "dev")));
            assertThat(protectedDev.at("/name").asText()).isEqualTo("dev");
            CliEndToEndTest.assertProtectedFor(protectedDev, asked, Duration.ofHours(2));
            CliRun protectedDelete = home.run("--current-branch", "main", "branch", "-d", "dev");
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
            CliRun current = home.run("branch", "-d", "dev");
            assertThat(current.exitCode()).isEqualTo(1);
            assertThat(current.err()).isEqualTo("Error: cannot delete branch 'dev': it is the current branch;"
                    + " switch to another one first\n");
            assertThat(ok(home.run("switch", "main"))).isEqualTo("Switched to branch 'main'\n");
            assertThat(ok(home.run("branch", "-d", "dev"))).isEqualTo("Deleted branch 'dev'\n");
            assertThat(ok(home.run("branch"))).isEqualTo("* main\n");
            assertThat(engine.client().snapshots()).hasSize(1);

            CliRun unknown = home.run("switch", "nope");
            assertThat(unknown.exitCode()).isEqualTo(1);
            assertThat(unknown.err()).contains("branch 'nope' not found");
            assertThat(home.run("branch", "x", "--parent-branch", "main", "--snapshot-id", retrieved).exitCode()).isEqualTo(2);
            assertThat(home.run("commit", "-m", "no clone").exitCode()).isEqualTo(2);
        }
    }

    @Test
    void subcommandsDoWhatTheBareFormDoes() throws Exception {
        try (CliHome home = CliHome.initialisedFor(engine, Map.of())) {
            String retrieved = engine.client().snapshots().get(0).id();
            assertThat(ok(home.run("branch", "list"))).isEqualTo(ok(home.run("branch"))).isEqualTo("* main\n");

            assertThat(ok(home.run("branch", "create", "--snapshot-id", retrieved, "list")))
                    .as("a subcommand's name is a branch name after 'create'")
                    .isEqualTo("Switched to new branch 'list'\n");
            assertThat(ok(home.run("branch", "create", "feature", "--parent-branch", "list")))
                    .isEqualTo("Switched to new branch 'feature'\n");
            assertThat(engine.client().branches()).filteredOn(b -> b.name().equals("feature")).singleElement()
                    .satisfies(b -> assertThat(b.snapshotID()).isEqualTo(retrieved));
            assertThat(ok(home.run("branch", "ls"))).isEqualTo("* feature\n  list\n  main\n");

            assertThat(ok(home.run("branch", "switch", "list"))).isEqualTo("Switched to branch 'list'\n");
            assertThat(Files.readString(home.dir().resolve(".dblab/cli/cli.yml"))).contains("current_branch: \"list\"");
            JsonNode protectedFeature = Json.mapper().readTree(ok(home.run("branch", "-p", "90", "feature")));
            String till = protectedFeature.at("/protectedTill").asText();
            assertThat(ok(home.run("branch", "list"))).matches("  feature  \\[protected until "
                    + till.substring(0, "2026-01-02T03:04:05".length()) + "(Z|[+-]\\d{2}:\\d{2})]\n\\* list\n  main\n");
            ok(home.run("branch", "-p", "false", "feature"));

            CliRun current = home.run("branch", "delete", "list");
            assertThat(current.exitCode()).isEqualTo(1);
            assertThat(current.err()).contains("cannot delete branch 'list': it is the current branch");
            CliRun unknown = home.run("branch", "switch", "nope");
            assertThat(unknown.exitCode()).isEqualTo(1);
            assertThat(unknown.err()).isEqualTo("Error: branch 'nope' not found; 'dblab branch list' lists the branches\n");
            CliRun flagFirst = home.run("branch", "--snapshot-id", retrieved, "create", "other");
            assertThat(flagFirst.exitCode()).isEqualTo(2);
            assertThat(flagFirst.err()).startsWith("Error: --snapshot-id cannot come before the create subcommand;"
                    + " write it after: 'dblab branch create --snapshot-id SNAPSHOT_ID …'\n");
            CliRun protectFirst = home.run("branch", "--protected", "2h", "list");
            assertThat(protectFirst.exitCode()).isEqualTo(2);
            assertThat(protectFirst.err()).startsWith("Error: --protected cannot come before the list subcommand;"
                    + " it belongs to 'dblab branch' without a subcommand\n");
            CliRun noName = home.run("branch", "delete");
            assertThat(noName.exitCode()).isEqualTo(2);
            assertThat(noName.err()).startsWith("Error: Missing required parameter: 'BRANCH_NAME'");
            assertThat(engine.client().branches()).extracting(b -> b.name())
                    .as("no bad use changed a branch").containsExactlyInAnyOrder("main", "list", "feature");

            assertThat(ok(home.run("branch", "switch", "main"))).isEqualTo("Switched to branch 'main'\n");
            assertThat(ok(home.run("branch", "delete", "feature"))).isEqualTo("Deleted branch 'feature'\n");
            assertThat(ok(home.run("branch", "rm", "list"))).isEqualTo("Deleted branch 'list'\n");
            assertThat(ok(home.run("branch", "list"))).isEqualTo("* main\n");
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
