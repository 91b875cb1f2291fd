package io.dblab.cli.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.dblab.cli.ChildClassPath;
import io.dblab.testkit.TempDirs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One engine per state directory and per pool, between processes: a second engine exits at once
 * with one line naming the first one's pid and configuration, and the lock of an engine killed with
 * SIGKILL goes with it. API ports 18220–18229.
 */
class EngineLockProcessesTest {
    private Path base;
    private String classPath;
    private EngineRun first;

    @BeforeEach
    void copyClassPath() throws IOException {
        base = Files.createTempDirectory("dblab-startup-locks-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        classPath = ChildClassPath.copyInto(base.resolve("classpath"), false);
    }

    @AfterEach
    void cleanUp() throws InterruptedException {
        try {
            if (first != null) {
                first.stop();
            }
        } finally {
            TempDirs.deleteRecursively(base);
        }
    }

    @Test
    void aSecondEngineOnTheStateOrAPoolExitsNamingTheFirstAndAKilledEnginesLocksAreGone() throws Exception {
        Path a = config("a", 18220, "mnt-a", "state-a");
        first = run(a).awaitRunning();
        String owner = "pid " + first.pid() + ", config " + a;

        EngineRun sameState = run(config("b", 18221, "mnt-b", "state-a"));
        assertThat(sameState.awaitExit()).isEqualTo(1);
        assertThat(sameState.errorLines()).containsExactly("Error: the state directory " + base.resolve("state-a")
                + " is in use by another engine (" + owner + "); stop that engine, or give this one a stateDir of its own");

        EngineRun samePool = run(config("c", 18222, "mnt-a", "state-c"));
        assertThat(samePool.awaitExit()).isEqualTo(1);
        assertThat(samePool.errorLines()).containsExactly("Error: pool p1 (" + base.resolve("mnt-a/p1")
                + ") is in use by another engine (" + owner + "); stop that engine, or give this one a"
                + " poolManager.mountDir or pool name of its own");
        assertThat(sameState.err() + samePool.err()).doesNotContain("\tat ");

        first.kill();
        first = run(a).awaitRunning();
        assertThat(base.resolve("state-a/engine.lock")).content().isEqualTo("pid " + first.pid() + ", config " + a + "\n");
        // a clean stop releases them as well: the engine that was turned away starts now
        first.stop();
        first = run(config("c", 18222, "mnt-a", "state-c")).awaitRunning();
    }

    private EngineRun run(Path config) {
        return EngineRun.start(base, classPath, "--config", config.toString());
    }

    private Path config(String name, int apiPort, String mountDir, String stateDir) throws IOException {
        Path file = base.resolve(name + ".yml");
        Files.writeString(file, """
                server: {port: %d}
                poolManager:
                  mountDir: %s
                  pools: [{name: p1, provider: reflink}]
                retrieval: {mode: none}
                stateDir: %s
                """.formatted(apiPort, base.resolve(mountDir), base.resolve(stateDir)));
        return file;
    }
}
