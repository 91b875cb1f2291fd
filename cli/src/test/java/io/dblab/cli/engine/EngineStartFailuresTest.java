package io.dblab.cli.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.dblab.cli.ChildClassPath;
import io.dblab.pg.process.Command;
import io.dblab.testkit.Requirements;
import io.dblab.testkit.TempDirs;
import io.dblab.testkit.TestPostgres;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Each reason an engine cannot start, made real and met through {@code dblab engine run} in a JVM
 * of its own: one {@code Error:} line that names the cause and the fix, exit code 1, no stack trace
 * (unless {@code --debug}). API ports 18200–18219; 18299 stays closed.
 */
class EngineStartFailuresTest {
    private static final int CLOSED_PORT = 18299;
    private static Path base;
    private static String classPath;

    @BeforeAll
    static void copyClassPath() throws IOException {
        base = Files.createTempDirectory("dblab-startup-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        // everything: the run as nobody cannot read root's Maven repository
        classPath = ChildClassPath.copyInto(base.resolve("classpath"), true);
    }

    @AfterAll
    static void cleanUp() {
        if (base != null) {
            TempDirs.deleteRecursively(base);
        }
    }

    @Test
    void aConfigurationErrorNamesTheKey() throws Exception {
        Path config = config("config", 18200, "    - {name: p1, provider: reflink, sise: 1GiB}\n", "  mode: none\n");

        assertFailsWith(run(config), "Error: unknown key 'poolManager.pools[0].sise' in server.yml");
    }

    @Test
    void aBtrfsPoolWithoutBtrfsProgsSaysWhatToInstall() throws Exception {
        Path config = config("no-btrfs", 18201, btrfsPool("no-btrfs"), "  mode: none\n");
        String path = pathWithout(List.of("btrfs", "mkfs.btrfs"));
        String expected = "Error: pool p1 is a btrfs pool, but there is no btrfs command on the PATH;"
                + " install btrfs-progs (apt-get install btrfs-progs), or use provider: reflink";

        assertFailsWith(EngineRun.start(base, classPath, List.of(), env -> env.put("PATH", path),
                "--config", config.toString()), expected);

        EngineRun debug = EngineRun.start(base, classPath, List.of(), env -> env.put("PATH", path),
                "--config", config.toString(), "--debug");
        assertThat(debug.awaitExit()).isEqualTo(1);
        assertThat(debug.errorLines()).containsExactly(expected);
        assertThat(debug.err()).contains("io.dblab.engine.EngineStartException").contains("\tat io.dblab.engine.pool.BtrfsProvider");
    }

    @Test
    void mountingAnImageWithoutRootSaysToRunAsRoot() throws Exception {
        Requirements.requireRoot();
        Path config = config("nobody", 18202, btrfsPool("nobody"), "  mode: none\n");
        Command.of("chown", "-R", "nobody", base.resolve("nobody").toString()).check();

        EngineRun run = EngineRun.start(base, classPath, List.of("runuser", "-u", "nobody", "--"), env -> { },
                "--config", config.toString());
        assertFailsWith(run, "Error: pool p1: mounting the image " + base.resolve("nobody/p1.img") + " needs root;"
                + " run the engine as root, mount a btrfs file system at " + base.resolve("nobody/mnt/p1")
                + ", or use provider: reflink");
    }

    @Test
    void anApiPortInUseIsNamed() throws Exception {
        Path config = config("port", 18203, reflinkPool(), "  mode: none\n");
        try (ServerSocket taken = new ServerSocket(18203, 1, InetAddress.getLoopbackAddress())) {
            EngineRun run = run(config);
            assertThat(run.awaitExit()).isEqualTo(1);
            assertThat(run.errorLines()).singleElement().asString()
                    .startsWith("Error: cannot listen on 127.0.0.1:18203 (server.port): ")
                    .endsWith("; stop the process that uses the port (ss -ltnp shows it) or set server.port to a free one");
            assertNoStackTrace(run);
        }
    }

    /**
     * The engine runs in a mount namespace of its own whose {@code /dev} has no loop device: it finds
     * none free, as on a host whose devices are all taken, without taking any from other tests.
     */
    @Test
    void noFreeLoopDeviceSaysHowToFreeOne() throws Exception {
        Requirements.requireBtrfs();
        Path config = config("loop", 18204, btrfsPool("loop"), "  mode: none\n");
        List<String> noLoopDevices = List.of("unshare", "-m", "--propagation", "private", "sh", "-c",
                "mount -t tmpfs tmpfs /dev && mknod -m 666 /dev/null c 1 3 && mknod -m 666 /dev/zero c 1 5"
                        + " && mknod -m 666 /dev/random c 1 8 && mknod -m 666 /dev/urandom c 1 9 && exec \"$0\" \"$@\"");
        Path image = base.resolve("loop/p1.img");

        assertFailsWith(EngineRun.start(base, classPath, noLoopDevices, env -> { }, "--config", config.toString()),
                "Error: no free loop device for the pool image " + image + "; free one (losetup -a lists them,"
                        + " losetup -d DEVICE detaches one no longer in use) or allow more loop devices (the loop module's max_loop)");
        assertThat(Command.of("losetup", "-j", image.toString()).check()).isEmpty();
    }

    @Test
    void anImageInADirectoryThatCannotBeWrittenIsNamed() throws Exception {
        Requirements.requireRoot();
        Path readOnly = Files.createDirectories(base.resolve("read-only"));
        Command.of("mount", "-t", "tmpfs", "-o", "ro,size=1m", "tmpfs", readOnly.toString()).check();
        try {
            Path image = readOnly.resolve("p1.img");
            Path config = config("ro", 18205, "    - {name: p1, provider: btrfs, imageFile: " + image + ", size: 200MiB}\n",
                    "  mode: none\n");

            assertFailsWith(run(config), "Error: cannot write the image " + image + " of pool p1's lock file " + image
                    + ".lock (Read-only file system); set the imageFile of pool p1 to a path in a directory this engine can write");
        } finally {
            Command.of("umount", readOnly.toString()).check();
        }
    }

    @Test
    void missingPostgresBinariesSayWhatToInstall() throws Exception {
        // postgres alone: the configuration's own check passes, pg_ctl is missing
        Path binDir = Files.createDirectories(base.resolve("half-bin"));
        Files.createSymbolicLink(binDir.resolve("postgres"), TestPostgres.BIN_DIR.resolve("postgres"));
        Path config = config("bin", 18206, reflinkPool(), "  mode: none\n", "provision: {postgresBinDir: " + binDir + "}\n");

        assertFailsWith(run(config), "Error: no PostgreSQL server binaries (postgres, pg_ctl) in " + binDir
                + "; install the PostgreSQL server package or set provision.postgresBinDir to the directory that holds its binaries");

        Path none = config("no-bin", 18207, reflinkPool(), "  mode: none\n",
                "provision: {postgresBinDir: " + base.resolve("no-such-dir") + "}\n");
        EngineRun run = run(none);
        assertThat(run.awaitExit()).isEqualTo(1);
        assertThat(run.errorLines()).singleElement().asString()
                .startsWith("Error: server.yml: provision.postgresBinDir must contain an executable 'postgres'");
    }

    @Test
    void cloneSettingsOffTheAllowlistOrWithBadValuesAreNamed() throws Exception {
        Path offList = config("settings", 18211, reflinkPool(), "  mode: none\n",
                "provision: {cloneSettings: {archive_command: 'cp %p /tmp'}}\n");
        assertFailsWith(run(offList), "Error: setting 'archive_command' cannot be changed through provision.cloneSettings;"
                + " remove it from the configuration or give it a value this PostgreSQL accepts");

        Path badValue = config("settings-value", 18212, reflinkPool(), "  mode: none\n",
                "provision: {cloneSettings: {work_mem: lots}}\n");
        assertFailsWith(run(badValue), "Error: invalid value for setting 'work_mem' in provision.cloneSettings:"
                + " invalid value for parameter \"work_mem\": \"lots\"; remove it from the configuration or give it"
                + " a value this PostgreSQL accepts");
    }

    @Test
    void anUnreachableSourceIsNamed() throws Exception {
        Requirements.requirePostgres();
        Path config = config("unreachable", 18208, reflinkPool(),
                "  mode: logical\n  source: {connStr: \"host=127.0.0.1 port=" + CLOSED_PORT + " user=postgres\"}\n");

        EngineRun run = run(config);
        assertThat(run.awaitExit()).isEqualTo(1);
        assertThat(run.errorLines()).singleElement().asString()
                .startsWith("Error: the source cannot be reached: connection to server at \"127.0.0.1\", port "
                        + CLOSED_PORT + " failed: Connection refused")
                .endsWith("; start it, or correct host and port in retrieval.source.connStr");
        assertNoStackTrace(run);
    }

    @Test
    void aRefusedPasswordNamesTheVariableThatHoldsIt() throws Exception {
        Requirements.requirePostgres();
        try (TestPostgres source = TestPostgres.start()) {
            Path config = config("password", 18209, reflinkPool(), "  mode: logical\n  source: {connStr: \"host=127.0.0.1 port="
                    + source.port() + " user=postgres\", passwordEnv: DBLAB_TEST_WRONG_PW}\n");

            EngineRun run = EngineRun.start(base, classPath, List.of(), env -> env.put("DBLAB_TEST_WRONG_PW", "not-the-password"),
                    "--config", config.toString());
            assertThat(run.awaitExit()).isEqualTo(1);
            assertThat(run.errorLines()).singleElement().asString()
                    .startsWith("Error: the source refused the login: ")
                    .contains("password authentication failed for user \"postgres\"")
                    .endsWith("; check the user in retrieval.source.connStr, the password in the environment variable"
                            + " DBLAB_TEST_WRONG_PW (retrieval.source.passwordEnv) and the source's pg_hba.conf");
            assertThat(run.err()).doesNotContain("not-the-password");
            assertNoStackTrace(run);
        }
    }

    /** The operator's log at the default level: the engine's own lines, none of Jetty's or Javalin's. */
    @Test
    void aStartLogsNothingOfTheLibraries() throws Exception {
        Path config = config("quiet", 18210, reflinkPool(), "  mode: none\n");
        EngineRun engine = run(config).awaitRunning();
        try {
            assertThat(engine.err()).contains("API listening on http://127.0.0.1:18210");
            assertThat(engine.err().lines()).noneMatch(line -> line.toLowerCase().matches(".*(jetty|javalin|o\\.e\\.j\\.).*"));
        } finally {
            engine.stop();
        }
        assertThat(engine.err().lines()).noneMatch(line -> line.toLowerCase().matches(".*(jetty|javalin|o\\.e\\.j\\.).*"));
        assertThat(Files.readString(base.resolve("quiet/mnt/.state/engine.log"))).contains("API listening")
                .doesNotContainIgnoringCase("jetty").doesNotContainIgnoringCase("javalin");
    }

    private static EngineRun run(Path config) {
        return EngineRun.start(base, classPath, "--config", config.toString());
    }

    private static void assertFailsWith(EngineRun run, String errorLine) throws InterruptedException {
        assertThat(run.awaitExit()).as(run.err()).isEqualTo(1);
        assertThat(run.errorLines()).as(run.err()).containsExactly(errorLine);
        assertNoStackTrace(run);
    }

    private static void assertNoStackTrace(EngineRun run) {
        assertThat(run.err()).doesNotContain("\tat ").doesNotContain("Exception");
    }

    /** A server.yml in {@code base/name}, without stateDir: the state goes beside the pools. */
    static Path config(String name, int apiPort, String pools, String retrieval, String... more) throws IOException {
        Path dir = Files.createDirectories(base.resolve(name));
        Path file = dir.resolve("server.yml");
        Files.writeString(file, """
                server: {port: %d}
                poolManager:
                  mountDir: %s
                  pools:
                %sretrieval:
                %s%s""".formatted(apiPort, dir.resolve("mnt"), pools, retrieval, String.join("", more)));
        return file;
    }

    static String reflinkPool() {
        return "    - {name: p1, provider: reflink}\n";
    }

    private static String btrfsPool(String name) {
        return "    - {name: p1, provider: btrfs, imageFile: " + base.resolve(name).resolve("p1.img") + ", size: 200MiB}\n";
    }

    /** A PATH with every command of the usual one but {@code missing}: links in a directory of this test. */
    private static String pathWithout(List<String> missing) throws IOException {
        Path dir = Files.createDirectories(base.resolve("path-without"));
        for (String bin : List.of("/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin")) {
            if (!Files.isDirectory(Path.of(bin))) {
                continue;
            }
            try (Stream<Path> commands = Files.list(Path.of(bin))) {
                for (Path command : commands.toList()) {
                    Path link = dir.resolve(command.getFileName());
                    if (!missing.contains(command.getFileName().toString()) && !Files.exists(link, LinkOption.NOFOLLOW_LINKS)) {
                        Files.createSymbolicLink(link, command);
                    }
                }
            }
        }
        return dir.toString();
    }
}
