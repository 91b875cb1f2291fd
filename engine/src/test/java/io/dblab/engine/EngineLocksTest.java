package io.dblab.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dblab.engine.config.EngineConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The locks as one JVM meets them (an embedding caller, tests); {@code EngineLockProcessesTest} in
 * the CLI checks them between engine processes, and that a killed engine's locks go with it.
 */
class EngineLocksTest {
    private static final String PID = "pid " + ProcessHandle.current().pid();
    @TempDir
    Path dir;

    @Test
    void aSecondEngineOnTheStateDirectoryIsTurnedAwayWithTheFirstOnesPidAndConfig() {
        Path config = dir.resolve("a.yml");
        try (EngineLocks first = EngineLocks.acquire(config("a", "state", null), config)) {
            assertThat(dir.resolve("state/engine.lock")).content().isEqualTo(PID + ", config " + config + "\n");

            assertThatThrownBy(() -> EngineLocks.acquire(config("b", "state", null), null))
                    .isInstanceOf(EngineStartException.class)
                    .hasMessage("the state directory " + dir.resolve("state") + " is in use by another engine ("
                            + PID + ", config " + config + "); stop that engine, or give this one a stateDir of its own");
        }
        // released: the next engine takes it, and the record names it
        try (EngineLocks next = EngineLocks.acquire(config("b", "state", null), null)) {
            assertThat(dir.resolve("state/engine.lock")).content().isEqualTo(PID + ", config given in-process\n");
        }
    }

    @Test
    void aPoolIsLockedByItsMountPointAndItsImage() {
        Path image = dir.resolve("images/pool1.img");
        try (EngineLocks first = EngineLocks.acquire(config("a", "state-a", image), null)) {
            assertThatThrownBy(() -> EngineLocks.acquire(config("a", "state-b", null), null))
                    .hasMessageStartingWith("pool pool1 (" + dir.resolve("a/pool1") + ") is in use by another engine ("
                            + PID + ", config given in-process)");
            assertThatThrownBy(() -> EngineLocks.acquire(config("b", "state-b", image), null))
                    .hasMessageStartingWith("the image " + image + " of pool pool1 is in use by another engine")
                    .hasMessageEndingWith("give pool pool1 an imageFile of its own");
            // the failed attempts took nothing: the state directory they locked first is free again
            try (EngineLocks other = EngineLocks.acquire(config("b", "state-b", null), null)) {
                assertThat(other).isNotNull();
            }
        }
    }

    @Test
    void aLockFileThatCannotBeWrittenNamesTheSettingToChange() throws Exception {
        Files.writeString(dir.resolve("not-a-dir"), "");
        EngineConfig config = config("a", "not-a-dir/state", null);

        assertThatThrownBy(() -> EngineLocks.acquire(config, null))
                .isInstanceOf(EngineStartException.class)
                .hasMessageStartingWith("cannot write the state directory " + dir.resolve("not-a-dir/state")
                        + "'s lock file")
                .hasMessageEndingWith("; set stateDir to a directory this engine can write");
    }

    private EngineConfig config(String mountDir, String stateDir, Path image) {
        EngineConfig.Pool pool = new EngineConfig.Pool("pool1", image == null ? "reflink" : "btrfs",
                image == null ? null : image.toString(), null, false, true);
        return new EngineConfig(null, new EngineConfig.PoolManager(dir.resolve(mountDir).toString(), List.of(pool)),
                null, new EngineConfig.Retrieval("none", null, null, 0), null, dir.resolve(stateDir).toString());
    }
}
