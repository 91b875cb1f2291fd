package io.dblab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.dblab.client.DblabApiException;
import io.dblab.client.DblabClient;
import io.dblab.client.model.Clone;
import io.dblab.client.model.CloneRequest;
import io.dblab.engine.EngineFixture;
import io.dblab.engine.Waits;
import io.dblab.pg.process.Command;
import io.dblab.testkit.PostgresProcesses;
import io.dblab.testkit.TempDirs;
import io.dblab.testkit.TestPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The engine as {@code dblab engine run} in a JVM of its own, on a configuration file under a
 * temporary base directory, so that a test can kill it with SIGKILL and start it again on the same
 * configuration. The source password comes from the environment variable the configuration names.
 * {@link #close} stops the engine and everything it left: servers under the base directory, the
 * clones' socket directories, the pools' mounts and loop devices, the base directory.
 */
final class EngineProcess implements AutoCloseable {
    static final String PASSWORD_ENV = "DBLAB_TEST_SOURCE_PW";

    private final Path base;
    private final Path configFile;
    private final String classPath;
    private final int portFrom;
    private final int portTo;
    private final List<String> pools;
    private final DblabClient client;
    private final Map<String, String> env;
    private Process process;
    private int runs;

    /**
     * Writes the configuration: {@code pools} btrfs pools on image files under {@code base}, the
     * API on {@code apiPort}, clones on {@code portFrom}–{@code portTo}, and {@code retrieval} (the
     * YAML of the {@code retrieval} section's keys, two spaces indented; see {@link #sourceYaml}).
     */
    EngineProcess(Path base, String token, int apiPort, int portFrom, int portTo, List<String> pools,
                  String retrieval) throws IOException {
        this(base, token, apiPort, portFrom, portTo, pools, Map.of());
        String poolsYaml = pools.stream().map(pool -> """
                    - name: %s
                      provider: btrfs
                      imageFile: %s
                      size: 1GiB
                      unmountOnStop: false
                """.formatted(pool, image(pool))).collect(Collectors.joining());
        Files.writeString(configFile, """
                server:
                  host: 127.0.0.1
                  port: %d
                  verificationToken: "%s"
                poolManager:
                  mountDir: %s
                  pools:
                %sprovision:
                  portPool:
                    from: %d
                    to: %d
                retrieval:
                %scloning:
                  maxIdleMinutes: 0
                stateDir: %s
                """.formatted(apiPort, token, mountDir(), poolsYaml, portFrom, portTo, retrieval, base.resolve("state")));
    }

    /**
     * An engine on a configuration the test writes itself ({@link #configFile}), run with {@code env}
     * added to its environment; {@code pools} are the btrfs pools whose images (see {@link #image})
     * and mounts {@link #close} removes.
     */
    private EngineProcess(Path base, String token, int apiPort, int portFrom, int portTo, List<String> pools,
                          Map<String, String> env) throws IOException {
        this.base = base;
        this.portFrom = portFrom;
        this.portTo = portTo;
        this.pools = List.copyOf(pools);
        this.env = Map.copyOf(env);
        this.classPath = ChildClassPath.copyInto(base.resolve("classpath"), false);
        this.configFile = base.resolve("server.yml");
        // a masked snapshot (POST /snapshot waits for it) can take longer than the default 30 s on a busy machine
        this.client = new DblabClient(URI.create("http://127.0.0.1:" + apiPort), token, Duration.ofMinutes(3), false);
    }

    /** An engine on {@code config} as it is written, with {@code env} added to the engine's environment. */
    static EngineProcess withConfig(Path base, String token, int apiPort, int portFrom, int portTo, List<String> pools,
                                    String config, Map<String, String> env) throws IOException {
        EngineProcess engine = new EngineProcess(base, token, apiPort, portFrom, portTo, pools, env);
        Files.writeString(engine.configFile, config);
        return engine;
    }

    /**
     * A temporary base directory that others may traverse: the clones' OS identities reach their
     * copies under it.
     */
    static Path newBaseDir(String prefix) throws IOException {
        return Files.createTempDirectory(prefix, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
    }

    /** The source the configuration points at, for the {@code retrieval} YAML. */
    static String sourceYaml(TestPostgres source) {
        return """
                  source:
                    connStr: "host=127.0.0.1 port=%d user=postgres"
                    passwordEnv: %s
                """.formatted(source.port(), PASSWORD_ENV);
    }

    DblabClient client() {
        return client;
    }

    boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** Starts the engine process and waits until its API answers. */
    void start() {
        runs++;
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder builder = new ProcessBuilder(java.toString(), "-cp", classPath,
                "io.dblab.cli.Main", "engine", "run", "--config", configFile.toString());
        Map<String, String> env = builder.environment();
        env.remove("PGPASSWORD");
        env.put(PASSWORD_ENV, TestPostgres.PASSWORD);
        env.putAll(this.env);
        builder.redirectErrorStream(true);
        builder.redirectOutput(logFile(runs).toFile());
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the engine process", e);
        }
        Waits.promptly("engine API").atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(100)).until(() -> {
            if (!process.isAlive()) {
                throw new AssertionError("the engine exited with " + process.exitValue() + ":\n" + logs());
            }
            try {
                client.healthz();
                return true;
            } catch (DblabApiException e) {
                return false;
            }
        });
    }

    /** SIGKILL: no shutdown hook, no cleanup. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }

    /** SIGTERM: the engine closes itself, leaving clones running and the pool mounted. */
    void stop() {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(2, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                process.waitFor(30, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** Waits for retrieval to finish with at least one snapshot; a failed retrieval fails the test with the logs. */
    void awaitSnapshot() {
        Waits.promptly("first snapshot").atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(200)).until(() -> {
            String status = client.retrieval().status();
            if ("failed".equals(status)) {
                throw new AssertionError("retrieval failed:\n" + logs());
            }
            return "finished".equals(status) && !client.snapshots().isEmpty();
        });
    }

    /** Creates a clone of the newest snapshot (or of {@code snapshotId}) and waits until it is OK. */
    Clone createAndAwait(String id, String user, String password, String snapshotId) {
        client.createClone(new CloneRequest(id, null, new CloneRequest.DbRequest(user, password, false, null),
                snapshotId == null ? null : new CloneRequest.SnapshotRef(snapshotId), null, null));
        Waits.promptly("clone " + id + " created").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(100))
                .until(() -> !"CREATING".equals(client.clone(id).status().code()));
        Clone clone = client.clone(id);
        assertThat(clone.status().code()).as(clone.status().message()).isEqualTo("OK");
        return clone;
    }

    /** The first column of the first row of {@code sql} in the clone's postgres database. */
    static String scalar(Clone clone, String password, String sql) throws SQLException {
        try (Connection c = EngineFixture.connect(clone, password); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    void destroyAllClones() {
        EngineFixture.destroyAllClones(client);
    }

    void awaitGone(String id) {
        EngineFixture.awaitGone(client, id);
    }

    Path mountDir() {
        return base.resolve("mnt");
    }

    Path poolRoot(String pool) {
        return mountDir().resolve(pool);
    }

    /** The names of the pool's snapshot subvolumes on disk. */
    List<String> snapshotDirs(String pool) throws IOException {
        return entries(poolRoot(pool).resolve("snapshots"));
    }

    /** The names of the pool's clone directories on disk (dot names, like the socket directory, are not clones). */
    List<String> cloneDirs(String pool) throws IOException {
        return entries(poolRoot(pool).resolve("clones")).stream().filter(name -> !name.startsWith(".")).toList();
    }

    private static List<String> entries(Path dir) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /** The loop devices the pool's image is attached to. */
    List<String> loopDevices(String pool) {
        return loopDevices(image(pool));
    }

    Path image(String pool) {
        return base.resolve(pool + ".img");
    }

    private Path logFile(int run) {
        return base.resolve("engine-" + run + ".log");
    }

    /** The output of every engine run so far, for a failed test's report. */
    String logs() {
        List<String> parts = new ArrayList<>();
        for (int run = 1; run <= runs; run++) {
            try {
                parts.add("--- engine run " + run + " ---\n" + Files.readString(logFile(run)));
            } catch (IOException e) {
                parts.add("--- engine run " + run + ": no log (" + e.getMessage() + ")");
            }
        }
        return String.join("\n", parts);
    }

    /** Destroys the clones (when the engine runs), stops it, and removes whatever is left. */
    @Override
    public void close() {
        try {
            if (isAlive()) {
                destroyAllClones();
            }
        } catch (RuntimeException e) {
            System.err.println("destroying the clones failed: " + e.getMessage());
        } finally {
            stop();
            PostgresProcesses.stopAllUnder(base);
            for (String pool : pools) {
                Command.of("umount", "-R", poolRoot(pool).toString()).run();
                for (String device : loopDevices(image(pool))) {
                    Command.of("losetup", "-d", device).run();
                }
            }
            TempDirs.deleteRecursively(base);
        }
    }

    /**
     * For a test class's {@code @AfterAll}: closes the engine, or only deletes {@code base} when
     * the test failed before it made one, and then the source (each may be null).
     */
    static void closeAll(EngineProcess engine, Path base, TestPostgres source) {
        try {
            if (engine != null) {
                engine.close();
            } else if (base != null) {
                TempDirs.deleteRecursively(base);
            }
        } finally {
            if (source != null) {
                source.close();
            }
        }
    }

    private static List<String> loopDevices(Path image) {
        String out = Command.of("losetup", "-j", image.toString()).run().output();
        return Arrays.stream(out.split("\n")).filter(l -> l.startsWith("/dev/"))
                .map(l -> l.substring(0, l.indexOf(':'))).toList();
    }
}
