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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A CLI home (DBLAB_CLI_HOME) set up with {@code dblab init} against an engine, as a user's would be. */
final class CliHome implements AutoCloseable {
    private final Path dir;
    private final Map<String, String> env;

    private CliHome(Path dir, Map<String, String> env) {
        this.dir = dir;
        this.env = env;
    }

    /** A new home initialised for {@code engine}; {@code extraEnv} goes with every command run in it. */
    static CliHome initialisedFor(EngineFixture engine, Map<String, String> extraEnv) throws IOException {
        Path dir = Files.createTempDirectory("dblab-cli-home-");
        Map<String, String> env = new HashMap<>(extraEnv);
        env.put("DBLAB_CLI_HOME", dir.toString());
        CliHome home = new CliHome(dir, Map.copyOf(env));
        assertThat(home.run("init", "--url", "http://127.0.0.1:" + engine.apiPort(), "--token", EngineFixture.TOKEN)
                .exitCode()).isZero();
        return home;
    }

    CliRun run(String... args) {
        return CliRun.of(env, args);
    }

    /** The environment every command in this home runs with. */
    Map<String, String> env() {
        return env;
    }

    /**
     * Runs {@code clone create} with {@code args}, checks the reference's block for a clone on a
     * branch, and returns the clone as {@code clone status} prints it.
     */
    JsonNode createClone(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("clone", "create"));
        command.addAll(List.of(args));
        CliRun created = run(command.toArray(String[]::new));
        assertThat(created.exitCode()).as(created.err()).isZero();
        assertThat(created.out()).matches("ID: {17}\\S+\nBranch: {13}\\S+\nSnapshot: {11}\\S+\n"
                + "Connection string: {2}host=\\S+ port=\\d+ user=\\S+ dbname=\\S+\n\n");
        String id = created.out().substring("ID:".length(), created.out().indexOf('\n')).trim();
        CliRun status = run("clone", "status", id);
        assertThat(status.exitCode()).as(status.err()).isZero();
        return Json.mapper().readTree(status.out());
    }

    Path dir() {
        return dir;
    }

    @Override
    public void close() {
        TempDirs.deleteRecursively(dir);
    }
}
