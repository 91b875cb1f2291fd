package io.dblab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OtherCommandsTest {
    @TempDir
    Path dir;

    @Test
    void engineRunWithAMissingConfigFileSaysSo() {
        Path missing = dir.resolve("server.yml");

        CliRun run = CliRun.of(Map.of(), "engine", "run", "--config", missing.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).startsWith("Error: ").contains(missing.toString()).hasLineCount(1);
    }
}
