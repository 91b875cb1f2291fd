package io.dblab.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import static org.awaitility.Awaitility.await;

import io.dblab.cli.ChildClassPath;
import io.dblab.cli.CliRun;
import io.dblab.cli.Main;
import io.dblab.pg.process.Command;
import io.dblab.testkit.FreePorts;
import io.dblab.testkit.PostgresProcesses;
import io.dblab.testkit.Requirements;
import io.dblab.testkit.TempDirs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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

    /**
     * The demo as a person runs it: its own JVM, stopped with SIGTERM as Ctrl-C stops it. While it
     * runs, the Joe call it prints is made as printed, with the token from the file it names.
     */
    @Test
    void setsUpAClonePrintsHowToUseItAndLeavesNothingBehind() throws Exception {
        Path output = parent.resolve("demo.out");
        Process demo = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", ChildClassPath.copyInto(parent.resolve("classpath"), false), Main.class.getName(),
                "demo", "--scale", "0.01", "--port", Integer.toString(FreePorts.next()),
                "--joe-port", Integer.toString(FreePorts.next()), "--platform-port", Integer.toString(FreePorts.next()),
                "--work-dir", workDir.toString(),
                "--checkup-out", parent.resolve("report").toString())
                .redirectErrorStream(true).redirectOutput(output.toFile()).start();
        String joeToken;
        try {
            await().atMost(Duration.ofMinutes(5)).until(() -> !demo.isAlive()
                    || Files.readString(output).contains("The demo is running."));
            assertThat(demo.isAlive()).as("the demo ended early:%n%s", Files.readString(output)).isTrue();
            joeToken = asksJoeAsPrinted(Files.readString(output));
            theClonesSuperuserReachesNothingElseOfTheDemo(Files.readString(output), joeToken);
        } finally {
            demo.destroy();
            if (!demo.waitFor(5, TimeUnit.MINUTES)) {
                demo.destroyForcibly();
            }
        }
        String out = Files.readString(output);

        assertThat(out)
                .containsPattern(
                        "PGPASSWORD=\\w+ psql \"host=127\\.0\\.0\\.1 port=\\d+ user=demo_user dbname=postgres\"")
                .containsPattern("DBLAB_VERIFICATION_TOKEN=\\w+ \\./dblab init --url http://127\\.0\\.0\\.1:\\d+\n")
                .containsPattern("DBLAB_CLONE_PASSWORD=\\w+ \\./dblab clone create --username me --id mine\n")
                .containsPattern("Chat page: http://127\\.0\\.0\\.1:\\d+/chat\n")
                .contains("Engine connected to the Platform through its tunnel")
                .containsPattern("Report uploaded to the Platform: http://127\\.0\\.0\\.1:\\d+/\\S+\n")
                .containsPattern("The Platform \\(.*\\) at http://127\\.0\\.0\\.1:\\d+\n  sign in as admin@demo\\.local with the password \\w+\n")
                .doesNotContain("--password").doesNotContain("--token").doesNotContain(joeToken)
                .contains("Demo stopped; everything cleaned up.");
        // the checkup judges the sample database, not the settings the engine chose for its clone,
        // and the query checks run: the clone preloads pg_stat_statements as the source does
        assertThat(out)
                .contains("Left out on a clone (its server configuration is the engine's): A010, D004, F001, F008,"
                        + " G001, G003.")
                .doesNotContain("Could not run:")
                .doesNotContain("shared_buffers");
        assertThat(Command.of("losetup", "-a").check()).doesNotContain(workDir.toString());
        assertThat(Mounts.under(workDir)).isEmpty();
        assertThat(PostgresProcesses.dataDirsUnder(workDir)).isEmpty();
        assertThat(workDir).doesNotExist();
        assertThat(out).contains("Report: " + parent.resolve("report").resolve("report.html").toAbsolutePath());
        assertThat(parent.resolve("report").resolve("report.html")).isNotEmptyFile();
    }

    /**
     * The demo puts the engine, the Platform's embedded database, Joe and the sample source on one
     * host: the clone's own superuser, running programs as the clone's OS identity, must reach none of
     * their sockets and files.
     */
    private void theClonesSuperuserReachesNothingElseOfTheDemo(String out, String joeToken) throws Exception {
        Matcher psql = Pattern.compile("PGPASSWORD=(\\w+) psql \"(host=127\\.0\\.0\\.1 port=(\\d+) user=(\\w+) dbname=postgres)\"")
                .matcher(out);
        assertThat(psql.find()).as(out).isTrue();
        // The socket directories' parents cannot be listed: the sockets are found as any local user
        // finds them, in /proc/net/unix. The Platform's database and the source are the servers there
        // that are not clones.
        String script = "cd /; for s in $(awk '{print $8}' /proc/net/unix | grep '^" + workDir + "/' | grep -v /clones/ | sort -u);"
                + " do /usr/lib/postgresql/15/bin/psql -X -h $(dirname $s) -p ${s##*.} -U postgres -d postgres"
                + " -c 'select 1'; done; cat " + workDir.resolve("joe-token") + "; ls "
                + workDir.resolve("platform/data/pgdata") + "; echo done";
        List<String> lines = new ArrayList<>();
        try (Connection clone = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + psql.group(3) + "/postgres",
                psql.group(4), psql.group(1)); Statement statement = clone.createStatement()) {
            statement.execute("create temporary table attempt(line text)");
            statement.execute("copy attempt from program '(" + script.replace("'", "''") + ") 2>&1 | tr \"\\t\\\\\" \"  \"'");
            try (ResultSet rows = statement.executeQuery("select line from attempt")) {
                while (rows.next()) {
                    lines.add(rows.getString(1));
                }
            }
        }
        String seen = String.join("\n", lines);
        assertThat(lines).as(seen)
                .anyMatch(line -> line.contains(workDir + "/platform/data/.sockets/") && line.contains("Permission denied"))
                .anyMatch(line -> line.contains(workDir + "/source/.sockets/") && line.contains("Permission denied"))
                .anyMatch(line -> line.startsWith("cat: ") && line.endsWith("Permission denied"))
                .anyMatch(line -> line.startsWith("ls: ") && line.endsWith("Permission denied"))
                .filteredOn(line -> line.startsWith("psql: error: "))
                .allMatch(line -> line.endsWith("Permission denied"));
        assertThat(seen).doesNotContain(joeToken).doesNotContain("PG_VERSION").doesNotContain("(1 row)").endsWith("done");
    }

    /** Runs the printed {@code dblab joe explain} with the printed token file; returns the token. */
    private static String asksJoeAsPrinted(String out) throws IOException {
        Matcher export = Pattern.compile("\n  export JOE_TOKEN=\\$\\(cat (\\S+)\\)\n").matcher(out);
        Matcher example = Pattern.compile("\n  \\./dblab joe explain --joe (http://127\\.0\\.0\\.1:\\d+) \"([^\"]+)\"\n")
                .matcher(out);
        assertThat(export.find()).as(out).isTrue();
        assertThat(example.find()).as(out).isTrue();
        Path tokenFile = Path.of(export.group(1));
        assertThat(Files.getPosixFilePermissions(tokenFile)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        String token = Files.readString(tokenFile).strip();
        CliRun explain = CliRun.of(Map.of("JOE_TOKEN", token), "joe", "explain", "--joe", example.group(1), example.group(2));
        assertThat(explain.exitCode()).as("%s%n%s", explain.out(), explain.err()).isZero();
        assertThat(explain.out()).contains("Seq Scan on public.orders").contains("Execution Time");
        return token;
    }
}
