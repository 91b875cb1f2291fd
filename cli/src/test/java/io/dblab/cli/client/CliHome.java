package io.dblab.cli.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.dblab.cli.CliRun;
import io.dblab.engine.EngineFixture;
import io.dblab.testkit.TempDirs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
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

    Path dir() {
        return dir;
    }

    @Override
    public void close() {
        TempDirs.deleteRecursively(dir);
    }
}
