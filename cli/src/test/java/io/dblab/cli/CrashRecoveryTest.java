package io.dblab.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dblab.client.DblabApiException;
import io.dblab.client.DblabClient;
import io.dblab.client.model.Clone;
import io.dblab.client.model.CloneRequest;
import io.dblab.pg.process.Command;
import io.dblab.pg.server.LocalServer;
import io.dblab.testkit.FreePorts;
import io.dblab.testkit.PostgresProcesses;
import io.dblab.testkit.Requirements;
import io.dblab.testkit.TempDirs;
import io.dblab.testkit.TestPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The engine process is killed with SIGKILL while clones are being created, reset or deleted, and a new
 * engine process starts on the same configuration: each clone ends usable or FATAL (and deletable), or
 * gone when it was being deleted, and nothing leaks (subvolumes, postgres servers, ports). The engine runs as {@code dblab engine run} in its own JVM,
 * with the source password coming from the environment variable the configuration names.
 */
class CrashRecoveryTest {
    private static final int PORT_FROM = 16280;
    private static final int PORT_TO = 16289;
    private static final String TOKEN = "crash-recovery-token-4471";
    private static final String PASSWORD_ENV = "DBLAB_TEST_SOURCE_PW";
    private static final String PASSWORD = "Crash-Recovery-Pass-6203-xyzzy";
    private static final String POOL = "pool1";

    private static Path base;
    private static TestPostgres source;
    private static Path configFile;
    private static int apiPort;
    private static Process engineProcess;
    private static int engineRuns;
    private static DblabClient client;
    private static String engineClassPath;

    @BeforeAll
    static void start() throws IOException {
        Requirements.requireBtrfs();
        base = Files.createTempDirectory("dblab-crash-test-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        // @AfterAll cleans up whatever this got to, also when it fails half-way
        source = TestPostgres.start();
        source.psql().run("postgres", """
                CREATE TABLE items (id bigserial PRIMARY KEY, name text NOT NULL);
                INSERT INTO items (name) SELECT 'item ' || g FROM generate_series(1, 5000) g;
                """);
        engineClassPath = snapshotOfClassPath();
        apiPort = FreePorts.next();
        configFile = base.resolve("server.yml");
        Files.writeString(configFile, """
                server:
                  host: 127.0.0.1
                  port: %d
                  verificationToken: "%s"
                poolManager:
                  mountDir: %s
                  pools:
                    - name: %s
                      provider: btrfs
                      imageFile: %s
                      size: 1GiB
                      unmountOnStop: false
                provision:
                  portPool:
                    from: %d
                    to: %d
                retrieval:
                  mode: logical
                  source:
                    connStr: "host=127.0.0.1 port=%d user=postgres"
                    passwordEnv: %s
                cloning:
                  maxIdleMinutes: 0
                stateDir: %s
                """.formatted(apiPort, TOKEN, mountDir(), POOL, image(), PORT_FROM, PORT_TO, source.port(),
                PASSWORD_ENV, base.resolve("state")));
        client = new DblabClient(URI.create("http://127.0.0.1:" + apiPort), TOKEN);
        startEngineProcess();
        awaitSnapshot();
    }

    @AfterAll
    static void cleanUp() {
        if (base == null) {
            return;
        }
        try {
            if (engineProcess != null && engineProcess.isAlive()) {
                destroyAllClones();
            }
        } catch (RuntimeException e) {
            System.err.println("destroying the clones failed: " + e.getMessage());
        } finally {
            stopEngineProcess();
            PostgresProcesses.stopAllUnder(base);
            for (int port = PORT_FROM; port <= PORT_TO; port++) {
                // servers stopped behind the engine's back leave their socket directories
                TempDirs.deleteRecursively(LocalServer.socketDirFor(port));
            }
            Command.of("umount", poolRoot().toString()).run();
            for (String device : loopDevices()) {
                Command.of("losetup", "-d", device).run();
            }
            if (source != null) {
                source.close();
            }
            TempDirs.deleteRecursively(base);
        }
    }

    /** A test that failed with the engine killed leaves the next one a running engine and no clones. */
    @BeforeEach
    void engineRunning() {
        if (!engineProcess.isAlive()) {
            startEngineProcess();
        }
        destroyAllClones();
    }

    @Test
    void engineKilledWhileCreatingACloneRecoversWithoutLeaks() throws Exception {
        // 0 ms is "right after the 201"; the later kills land in other steps of the creation
        long[] delaysMillis = {0, 60, 150};
        try {
            for (int round = 0; round < delaysMillis.length; round++) {
                killDuringCreation("crash" + round, delaysMillis[round]);
            }
        } catch (Throwable e) {
            System.err.println(engineLogs());
            throw e;
        }
    }

    private void killDuringCreation(String id, long delayMillis) throws Exception {
        Clone creating = client.createClone(new CloneRequest(id, null,
                new CloneRequest.DbRequest("crash_user", PASSWORD, false, null), null, null, null));
        assertThat(creating.status().code()).isEqualTo("CREATING");
        if (delayMillis > 0) {
            Thread.sleep(delayMillis);
        }
        killEngineProcess();
        startEngineProcess();

        await("clone " + id + " settles").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200))
                .until(() -> Set.of("OK", "FATAL").contains(client.clone(id).status().code()));
        Clone recovered = client.clone(id);
        boolean ok = "OK".equals(recovered.status().code());
        System.out.printf("clone %s, engine killed %d ms after the 201: %s (%s)%n", id, delayMillis,
                recovered.status().code(), recovered.status().message());
        if (ok) {
            assertThat(count(recovered, "SELECT count(*) FROM items")).isEqualTo(5000);
            assertThat(recovered.db().port()).isEqualTo(creating.db().port());
        } else {
            assertThat(recovered.status().message()).isNotBlank();
        }
        assertNothingLeaked();

        // the recovered clone's port is not handed out a second time
        String otherId = id + "_next";
        client.createClone(new CloneRequest(otherId, null,
                new CloneRequest.DbRequest("next_user", PASSWORD, false, null), null, null, null));
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(100))
                .until(() -> !"CREATING".equals(client.clone(otherId).status().code()));
        Clone other = client.clone(otherId);
        assertThat(other.status().code()).as(other.status().message()).isEqualTo("OK");
        if (ok) {
            assertThat(other.db().port()).isNotEqualTo(recovered.db().port());
            assertThat(count(recovered, "SELECT count(*) FROM items")).isEqualTo(5000);
        }
        assertThat(count(other, "SELECT count(*) FROM items")).isEqualTo(5000);
        assertNothingLeaked();

        for (String clone : List.of(id, otherId)) {
            client.destroyClone(clone);
            awaitGone(clone);
        }
        assertNothingLeaked();
        assertThat(listedIds()).isEmpty();
    }

    @Test
    void engineKilledWithSeveralClonesInFlight() throws Exception {
        List<String> ids = List.of("flight0", "flight1", "flight2", "flight3", "flight4");
        try {
            for (String id : ids) {
                client.createClone(new CloneRequest(id, null,
                        new CloneRequest.DbRequest("flight_user", PASSWORD, false, null), null, null, null));
            }
            // the first ones are well under way, the last ones not started: every step is cut somewhere
            killEngineProcess();
            startEngineProcess();
            await("clones settle").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200))
                    .until(() -> client.clones().stream().allMatch(c -> Set.of("OK", "FATAL").contains(c.status().code())));
            List<Clone> settled = client.clones();
            assertThat(settled).extracting(Clone::id).containsExactlyInAnyOrderElementsOf(ids);
            for (Clone clone : settled) {
                System.out.printf("clone %s, engine killed with 5 clones in flight: %s (%s)%n", clone.id(),
                        clone.status().code(), clone.status().message());
                if ("OK".equals(clone.status().code())) {
                    assertThat(count(clone, "SELECT count(*) FROM items")).isEqualTo(5000);
                }
            }
            assertNothingLeaked();
            for (String id : ids) {
                client.destroyClone(id);
            }
            for (String id : ids) {
                awaitGone(id);
            }
            assertNothingLeaked();
            assertThat(cloneDirs()).isEmpty();
        } catch (Throwable e) {
            System.err.println(engineLogs());
            throw e;
        }
    }

    @Test
    void engineKilledWhileResettingOrDeletingAClone() throws Exception {
        try {
            Clone clone = createAndAwait("reset0", "reset_user");
            execute(clone, "CREATE TABLE scratch AS SELECT 1 AS x");
            client.resetClone("reset0", null);
            killEngineProcess();
            startEngineProcess();
            await("reset clone settles").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200))
                    .until(() -> Set.of("OK", "FATAL").contains(client.clone("reset0").status().code()));
            Clone reset = client.clone("reset0");
            System.out.printf("clone reset0, engine killed right after the reset request: %s (%s)%n",
                    reset.status().code(), reset.status().message());
            if ("OK".equals(reset.status().code())) {
                assertThat(reset.db().port()).isEqualTo(clone.db().port());
                // back at the snapshot, and the role recreated from the stored verifier
                assertThat(count(reset, "SELECT count(*) FROM pg_tables WHERE tablename = 'scratch'")).isZero();
                assertThat(count(reset, "SELECT count(*) FROM items")).isEqualTo(5000);
            }
            assertNothingLeaked();

            client.destroyClone("reset0");
            killEngineProcess();
            startEngineProcess();
            awaitGone("reset0");
            assertNothingLeaked();
            assertThat(listedIds()).isEmpty();
            assertThat(cloneDirs()).isEmpty();
        } catch (Throwable e) {
            System.err.println(engineLogs());
            throw e;
        }
    }

    @Test
    void engineKilledDuringARefreshKeepsTheOldSnapshotAndCleansUp() throws Exception {
        String before = client.snapshots().get(0).id();
        try {
            source.psql().run("postgres", "CREATE TABLE bulk AS SELECT g AS id, md5(g::text) AS v FROM generate_series(1, 1500000) g");
            client.fullRefresh();
            // kill once the refresh has written something: its dump, or the restore into the pool
            await("refresh under way").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(100))
                    .until(() -> {
                        var progress = client.retrieval().progress();
                        return progress != null && Set.of("dump", "restore").contains(progress.phase())
                                && progress.done() > 0 && Files.exists(poolRoot().resolve("data/postmaster.pid"));
                    });
            // the restore server outlives the engine; the next start stops it and removes its socket directory
            Path restoreSocketDir = LocalServer.socketDirFor(
                    Integer.parseInt(Files.readAllLines(poolRoot().resolve("data/postmaster.pid")).get(3).strip()));
            killEngineProcess();
            startEngineProcess();
            await("retrieval settles").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200))
                    .until(() -> "finished".equals(client.retrieval().status()));
            assertThat(client.snapshots()).extracting(s -> s.id()).containsExactly(before);
            assertThat(io.dblab.testkit.PostgresProcesses.dataDirsUnder(poolRoot())).isEmpty();
            assertThat(poolRoot().resolve("dump")).doesNotExist();
            assertThat(poolRoot().resolve(".refresh-in-progress")).doesNotExist();
            assertThat(restoreSocketDir).doesNotExist();
            Clone clone = createAndAwait("afterrefresh", "refresh_user");
            assertThat(count(clone, "SELECT count(*) FROM items")).isEqualTo(5000);
            client.destroyClone("afterrefresh");
            awaitGone("afterrefresh");
        } catch (Throwable e) {
            System.err.println(engineLogs());
            throw e;
        } finally {
            source.psql().run("postgres", "DROP TABLE IF EXISTS bulk");
        }
    }

    private static Clone createAndAwait(String id, String user) {
        client.createClone(new CloneRequest(id, null, new CloneRequest.DbRequest(user, PASSWORD, false, null),
                null, null, null));
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(100))
                .until(() -> !"CREATING".equals(client.clone(id).status().code()));
        Clone clone = client.clone(id);
        assertThat(clone.status().code()).as(clone.status().message()).isEqualTo("OK");
        return clone;
    }

    private static void execute(Clone clone, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + clone.db().port() + "/postgres",
                clone.db().username(), PASSWORD); Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    /** clones/ holds exactly the listed clones, and only OK clones have a server. */
    private static void assertNothingLeaked() {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            List<Clone> clones = client.clones();
            assertThat(clones).noneSatisfy(c -> assertThat(c.status().code()).isIn("CREATING", "DELETING"));
            assertThat(cloneDirs()).containsExactlyInAnyOrderElementsOf(clones.stream().map(Clone::id).toList());
            List<Path> expectedServers = clones.stream().filter(c -> "OK".equals(c.status().code()))
                    .map(c -> poolRoot().resolve("clones").resolve(c.id())).toList();
            assertThat(PostgresProcesses.dataDirsUnder(poolRoot())).containsExactlyInAnyOrderElementsOf(expectedServers);
            List<String> ports = clones.stream().filter(c -> "OK".equals(c.status().code()))
                    .map(c -> c.db().port()).toList();
            assertThat(ports).doesNotHaveDuplicates();
        });
    }

    private static List<String> listedIds() {
        return client.clones().stream().map(Clone::id).toList();
    }

    private static List<String> cloneDirs() throws IOException {
        Path dir = poolRoot().resolve("clones");
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.map(p -> p.getFileName().toString()).toList();
        }
    }

    private static long count(Clone clone, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + clone.db().port() + "/postgres",
                clone.db().username(), PASSWORD); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void startEngineProcess() {
        engineRuns++;
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder builder = new ProcessBuilder(java.toString(), "-cp", engineClassPath,
                "io.dblab.cli.Main", "engine", "run", "--config", configFile.toString());
        Map<String, String> env = builder.environment();
        env.remove("PGPASSWORD");
        env.put(PASSWORD_ENV, TestPostgres.PASSWORD);
        builder.redirectErrorStream(true);
        builder.redirectOutput(logFile(engineRuns).toFile());
        try {
            engineProcess = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the engine process", e);
        }
        await("engine API").atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(100)).until(() -> {
            if (!engineProcess.isAlive()) {
                throw new AssertionError("the engine exited with " + engineProcess.exitValue() + ":\n" + engineLogs());
            }
            try {
                client.healthz();
                return true;
            } catch (DblabApiException e) {
                return false;
            }
        });
    }

    /**
     * This test's class path with the project's own classes and jars copied into the temporary
     * directory: every engine process of the test then runs the same code, even when a build in the
     * same tree rewrites {@code target/classes} or the installed jars meanwhile.
     */
    private static String snapshotOfClassPath() throws IOException {
        Path copies = Files.createDirectories(base.resolve("classpath"));
        List<String> entries = new ArrayList<>();
        int n = 0;
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            Path path = Path.of(entry);
            if (Files.isDirectory(path)) {
                Path copy = copies.resolve("dir" + n++);
                copyTree(path, copy);
                entries.add(copy.toString());
            } else if (path.getFileName().toString().startsWith("dblab-") && Files.isRegularFile(path)) {
                Path copy = copies.resolve(n++ + "-" + path.getFileName());
                Files.copy(path, copy);
                entries.add(copy.toString());
            } else {
                entries.add(entry);
            }
        }
        return String.join(java.io.File.pathSeparator, entries);
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path source : paths.toList()) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target);
                }
            }
        }
    }

    /** SIGKILL: no shutdown hook, no cleanup. */
    private static void killEngineProcess() throws InterruptedException {
        engineProcess.destroyForcibly();
        assertThat(engineProcess.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }

    /** SIGTERM: the engine closes itself, leaving clones running and the pool mounted. */
    private static void stopEngineProcess() {
        if (engineProcess == null) {
            return;
        }
        engineProcess.destroy();
        try {
            if (!engineProcess.waitFor(2, TimeUnit.MINUTES)) {
                engineProcess.destroyForcibly();
                engineProcess.waitFor(30, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            engineProcess.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static void awaitSnapshot() {
        await("first snapshot").atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(200)).until(() -> {
            String status = client.retrieval().status();
            if ("failed".equals(status)) {
                throw new AssertionError("retrieval failed:\n" + engineLogs());
            }
            return "finished".equals(status) && !client.snapshots().isEmpty();
        });
    }

    private static void destroyAllClones() {
        for (Clone clone : client.clones()) {
            if (clone.isProtected()) {
                client.updateClone(clone.id(), false);
            }
            try {
                client.destroyClone(clone.id());
            } catch (DblabApiException e) {
                // busy or already going
            }
        }
        for (Clone clone : client.clones()) {
            awaitGone(clone.id());
        }
    }

    private static void awaitGone(String id) {
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(100)).until(() -> {
            try {
                client.clone(id);
                return false;
            } catch (DblabApiException e) {
                return e.httpStatus() == 404;
            }
        });
    }

    private static Path mountDir() {
        return base.resolve("mnt");
    }

    private static Path poolRoot() {
        return mountDir().resolve(POOL);
    }

    private static Path image() {
        return base.resolve(POOL + ".img");
    }

    private static Path logFile(int run) {
        return base.resolve("engine-" + run + ".log");
    }

    private static List<String> loopDevices() {
        String out = Command.of("losetup", "-j", image().toString()).run().output();
        return Arrays.stream(out.split("\n")).filter(l -> l.startsWith("/dev/"))
                .map(l -> l.substring(0, l.indexOf(':'))).toList();
    }

    private static String engineLogs() {
        List<String> parts = new ArrayList<>();
        for (int run = 1; run <= engineRuns; run++) {
            try {
                parts.add("--- engine run " + run + " ---\n" + Files.readString(logFile(run)));
            } catch (IOException e) {
                parts.add("--- engine run " + run + ": no log (" + e.getMessage() + ")");
            }
        }
        return parts.stream().collect(Collectors.joining("\n"));
    }
}
