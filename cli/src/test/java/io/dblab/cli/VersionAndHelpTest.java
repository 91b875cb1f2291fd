package io.dblab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.dblab.cli.client.CloneCommand;
import io.dblab.cli.client.SnapshotCommand;
import io.dblab.cli.engine.EngineCommand;
import io.dblab.engine.Engine;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code dblab --version} and {@code dblab help}, and which commands a command line registers (no server needed). */
class VersionAndHelpTest {
    @Test
    void versionPrintsTheVersionAndNeedsNoCommand() {
        for (String option : new String[] {"--version", "-V"}) {
            CliRun run = CliRun.of(Map.of(), option);

            assertThat(run.exitCode()).isZero();
            assertThat(run.out()).startsWith("dblab " + Engine.VERSION + " (Java ").hasLineCount(1);
            assertThat(run.err()).isEmpty();
        }
    }

    @Test
    void helpListsTheCommandsAndShowsOneCommandsUsage() {
        CliRun all = CliRun.of(Map.of(), "help");
        CliRun one = CliRun.of(Map.of(), "help", "clone", "update");

        assertThat(all.exitCode()).isZero();
        assertThat(all.out()).startsWith("Usage: dblab ")
                .contains("  help ", "  clone ", "  snapshot ", "  demo ", "  checkup ", "--version");
        assertThat(one.exitCode()).isZero();
        assertThat(one.out()).startsWith("Usage: dblab clone update ")
                .contains("--protected[=true|false|MINUTES|30m|2h|7d]", "(or the flag alone)");
        assertThat(CliRun.of(Map.of(), "--help").out()).isEqualTo(all.out());
    }

    @Test
    void helpForAnUnknownCommandIsAUsageError() {
        CliRun run = CliRun.of(Map.of(), "help", "clown");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).startsWith("Error: Unknown command: 'clown'");
    }

    @Test
    void aCommandLineRegistersOnlyTheCommandItRuns() {
        assertThat(CommandTree.needed(new String[] {"snapshot", "list"})).containsExactly(SnapshotCommand.class);
        assertThat(CommandTree.needed(new String[] {"--url", "http://h:1", "--token", "clone", "clone", "list"}))
                .as("option values are skipped, even one that looks like a command")
                .containsExactly(CloneCommand.class);
        assertThat(CommandTree.needed(new String[] {"--insecure", "--url=http://h:1", "engine", "run"}))
                .containsExactly(EngineCommand.class);
        assertThat(CommandTree.needed(new String[] {"--version"})).isEmpty();
        assertThat(CommandTree.needed(new String[0])).isEmpty();
        assertThat(CommandTree.needed(new String[] {"--help"})).hasSizeGreaterThan(10);
        assertThat(CommandTree.needed(new String[] {"help", "clone"})).hasSizeGreaterThan(10);
        assertThat(CommandTree.needed(new String[] {"clonne", "list"})).as("for picocli's suggestions")
                .hasSizeGreaterThan(10);
    }

    @Test
    void aMistypedCommandStillGetsSuggestions() {
        CliRun run = CliRun.of(Map.of(), "clonne", "list");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("Did you mean: dblab clone");
    }
}
