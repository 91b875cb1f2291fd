package io.dblab.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dblab.pg.process.ChildEnvironment;
import io.dblab.pg.process.Command;
import io.dblab.pg.process.OsUser;
import io.dblab.pg.process.PasswordFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** What a child process gets of the engine's environment, and how a password reaches it instead. */
class CommandEnvironmentTest {
    @Test
    void onlyPathLocaleAndTimeZoneAreInheritedAndHomeIsNotTheEngines() {
        Map<String, String> parent = new TreeMap<>(Map.of("PATH", "/usr/bin:/bin", "LANG", "C.UTF-8",
                "LC_TIME", "de_DE.UTF-8", "TZ", "UTC", "HOME", "/root", "DBLAB_VERIFICATION_TOKEN", "token",
                "DBLAB_SOURCE_PASSWORD", "secret", "PGPASSWORD", "secret", "AWS_SECRET_ACCESS_KEY", "key"));
        assertThat(ChildEnvironment.from(parent)).isEqualTo(Map.of("PATH", "/usr/bin:/bin", "LANG", "C.UTF-8",
                "LC_TIME", "de_DE.UTF-8", "TZ", "UTC", "HOME", ChildEnvironment.HOME));
    }

    @Test
    void aChildSeesTheAllowedVariablesAndWhatTheCommandSets() {
        Map<String, String> env = environment(Command.of("env").env("PGAPPNAME", "test").check());
        assertThat(env).containsEntry("PGAPPNAME", "test").containsEntry("HOME", ChildEnvironment.HOME);
        assertThat(env.keySet()).allMatch(name -> Set.of("PATH", "LANG", "LANGUAGE", "TZ", "HOME", "PGAPPNAME").contains(name)
                || name.startsWith("LC_"));
    }

    @Test
    void aPasswordReachesTheToolInAPrivateFileOfItsUserThatIsGoneAfterwards() throws IOException {
        Requirements.requireRoot();
        OsUser postgres = OsUser.forPostgres();
        // the tool's user passes through the test's directory, as it passes through the pools' mount directory
        Path base = Files.createTempDirectory("dblab-passfiles-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        try (PasswordFiles files = new PasswordFiles(base.resolve("credentials"))) {
            String out = Command.of("sh", "-c", "echo \"$PGPASSFILE\"; stat -c '%a %U' \"$PGPASSFILE\"; cat \"$PGPASSFILE\"; env")
                    .password(files, "pa:ss\\word").asUser(postgres).check();
            String[] lines = out.split("\n");
            Path file = Path.of(lines[0]);
            assertThat(file.getParent()).isEqualTo(files.root().resolve(postgres.name()));
            assertThat(lines[1]).isEqualTo("600 " + postgres.name());
            assertThat(lines[2]).isEqualTo("*:*:*:*:pa\\:ss\\\\word");
            assertThat(out).doesNotContain("PGPASSWORD");
            assertThat(file).doesNotExist();
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent()))).isEqualTo("rwx------");
            assertThat(Files.getOwner(file.getParent()).getName()).isEqualTo(postgres.name());
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(files.root()))).isEqualTo("rwx--x--x");

            // a file the caller holds (the standby's) goes when the directory is closed, or opened again
            Path held = files.create(postgres, "x").path();
            new PasswordFiles(files.root());
            assertThat(held).doesNotExist();
            assertThatThrownBy(() -> files.create(postgres, "two\nlines")).isInstanceOf(IllegalArgumentException.class);
        } finally {
            TempDirs.deleteRecursively(base);
        }
    }

    private static Map<String, String> environment(String envOutput) {
        return Arrays.stream(envOutput.split("\n")).filter(line -> line.contains("="))
                .collect(Collectors.toMap(line -> line.substring(0, line.indexOf('=')), line -> line.substring(line.indexOf('=') + 1)));
    }
}
