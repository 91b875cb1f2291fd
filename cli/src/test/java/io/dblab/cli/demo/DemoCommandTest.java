package io.dblab.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.dblab.cli.CliRun;
import io.dblab.pg.process.Command;
import io.dblab.testkit.FreePorts;
import io.dblab.testkit.PostgresProcesses;
import io.dblab.testkit.Requirements;
import io.dblab.testkit.TempDirs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DemoCommandTest {
    private Path parent;
    private Path workDir;

    @BeforeEach
    void createParentDir() throws IOException {
        Requirements.requireBtrfs();
        parent = Files.createTempDirectory("dblab-demo-test-");
        // the postgres OS user must pass through to the data directories the demo makes inside
        Files.setPosixFilePermissions(parent, PosixFilePermissions.fromString("rwxr-xr-x"));
        workDir = parent.resolve("work");
    }

    @AfterEach
    void removeWhateverTheDemoLeft() {
        if (parent == null) {
            return;
        }
        // only matters when the demo failed to clean up; the test has already said so then
        PostgresProcesses.stopAllUnder(parent);
        Mounts.under(parent).forEach(mount -> Command.of("umount", "-l", mount.toString()).run());
        Command.of("losetup", "-j", workDir.resolve("pool.img").toString()).run().output().lines()
                .filter(line -> line.startsWith("/dev/"))
                .forEach(line -> Command.of("losetup", "-d", line.substring(0, line.indexOf(':'))).run());
        TempDirs.deleteRecursively(parent);
    }

    @Test
    void setsUpAClonePrintsHowToUseItAndLeavesNothingBehind() {
        CliRun run = CliRun.of(Map.of(), "demo", "--scale", "0.01", "--exit-after", "0",
                "--port", Integer.toString(FreePorts.next()), "--work-dir", workDir.toString(),
                "--checkup-out", parent.resolve("report").toString());

        assertThat(run.exitCode()).as("exit code; output:%n%s%n%s", run.out(), run.err()).isZero();
        assertThat(run.out())
                .containsPattern(
                        "PGPASSWORD=\\w+ psql \"host=127\\.0\\.0\\.1 port=\\d+ user=demo_user dbname=postgres\"")
                .containsPattern("DBLAB_VERIFICATION_TOKEN=\\w+ \\./dblab init --url http://127\\.0\\.0\\.1:\\d+\n")
                .containsPattern("DBLAB_CLONE_PASSWORD=\\w+ \\./dblab clone create --username me --id mine\n")
                .doesNotContain("--password").doesNotContain("--token")
                .contains("Demo stopped; everything cleaned up.");
        // the checkup judges the sample database, not the settings the engine chose for its clone,
        // and the query checks run: the clone preloads pg_stat_statements as the source does
        assertThat(run.out())
                .contains("Left out on a clone (its server configuration is the engine's): A010, D004, F001, F008,"
                        + " G001, G003.")
                .doesNotContain("Could not run:")
                .doesNotContain("shared_buffers");
        assertThat(Command.of("losetup", "-a").check()).doesNotContain(workDir.toString());
        assertThat(Mounts.under(workDir)).isEmpty();
        assertThat(PostgresProcesses.dataDirsUnder(workDir)).isEmpty();
        assertThat(workDir).doesNotExist();
        assertThat(run.out()).contains("Report: " + parent.resolve("report").resolve("report.html").toAbsolutePath());
        assertThat(parent.resolve("report").resolve("report.html")).isNotEmptyFile();
    }
}
