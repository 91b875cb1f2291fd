package io.dblab.engine.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigOverlayTest {
    private static final EngineConfig BASE = EngineConfigLoader.parse("""
            retrieval:
              source: {connStr: "host=src user=dblab", passwordEnv: SRC_PW}
              databases: [app]
              parallelJobs: 3
              refresh: {timetable: "0 1 * * *"}
            provision:
              cloneSettings: {work_mem: 8MB}
            """, Map.of());
    @TempDir
    Path dir;

    private static ConfigOverlay overlay(Integer jobs, String password, List<String> databases) {
        return new ConfigOverlay(null, null, null, null, password, databases, jobs, null);
    }

    @Test
    void appliesItsKeysOverTheBaseAndLeavesTheRestAlone() {
        ConfigOverlay overlay = new ConfigOverlay(true, Map.of("work_mem", "64MB"), "", "host=other user=dblab", "pw",
                List.of("a", "b"), 5, List.of("--no-owner"));

        EngineConfig applied = overlay.applyTo(BASE);

        assertThat(applied.global().debug()).isTrue();
        assertThat(applied.provision().cloneSettings()).isEqualTo(Map.of("work_mem", "64MB"));
        assertThat(applied.retrieval().refresh().timetable()).isEmpty();
        assertThat(applied.retrieval().source()).isEqualTo(new EngineConfig.Source("host=other user=dblab", "SRC_PW", "pw"));
        assertThat(applied.retrieval().databases()).containsExactly("a", "b");
        assertThat(applied.retrieval().parallelJobs()).isEqualTo(5);
        assertThat(applied.retrieval().logical().restoreOptions()).containsExactly("--no-owner");
        assertThat(applied.server()).isEqualTo(BASE.server());
        assertThat(applied.poolManager()).isEqualTo(BASE.poolManager());
        assertThat(ConfigOverlay.none().applyTo(BASE)).isEqualTo(BASE);
    }

    @Test
    void namesTheKeysItChangesButNotThoseItSetsToTheSameValue() {
        assertThat(overlay(3, "pw", List.of("app", "other")).changedKeys(BASE))
                .containsExactly(ConfigOverlay.SOURCE_PASSWORD, ConfigOverlay.DATABASES);
        assertThat(overlay(3, null, null).changedKeys(BASE)).isEmpty();
        assertThat(overlay(3, null, null).keys()).containsExactly(ConfigOverlay.PARALLEL_JOBS);
    }

    @Test
    void newerKeysWin() {
        ConfigOverlay merged = overlay(4, "old", List.of("x")).plus(overlay(6, null, null));

        assertThat(merged).isEqualTo(overlay(6, "old", List.of("x")));
    }

    @Test
    void theMergedConfigurationIsCheckedAsServerYmlIs() {
        ConfigOverlay bad = new ConfigOverlay(null, null, "not a cron", "host=x password=secret", null, null, null,
                List.of("--jobs=4"));

        assertThat(bad.problemsWith(BASE)).anyMatch(p -> p.startsWith("retrieval.refresh.timetable"))
                .anyMatch(p -> p.startsWith("retrieval.source.connStr must not contain a password"))
                .anyMatch(p -> p.contains("'--jobs=4' is the engine's to choose"));
    }

    @Test
    void isWrittenPrivatelyAndReadBack() throws IOException {
        ConfigOverlay overlay = new ConfigOverlay(true, Map.of("work_mem", "64MB"), "@every 1h", "host=h", "pa:ss'w",
                List.of("app"), 2, List.of());
        overlay.write(dir);
        overlay(7, null, null).write(dir);
        overlay.write(dir);

        Path file = dir.resolve(ConfigOverlay.FILE_NAME);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(ConfigOverlay.read(dir)).isEqualTo(overlay);
        assertThat(Files.list(dir)).containsExactly(file);
        assertThat(ConfigOverlay.read(dir.resolve("none"))).isEqualTo(ConfigOverlay.none());
    }

    @Test
    void aFileWithAnUnknownKeyIsRefusedWithItsName() throws IOException {
        Files.writeString(dir.resolve(ConfigOverlay.FILE_NAME), "retrieval.parallelJob: 3\n");

        assertThatThrownBy(() -> ConfigOverlay.read(dir)).hasMessageContaining(ConfigOverlay.FILE_NAME)
                .hasMessageContaining("retrieval.parallelJob");
    }
}
