package io.dblab.bench;

import io.dblab.client.DblabApiException;
import io.dblab.client.DblabClient;
import io.dblab.client.model.Clone;
import io.dblab.client.model.Snapshot;
import io.dblab.client.model.Status;
import io.dblab.engine.Engine;
import io.dblab.engine.config.EngineConfig;
import io.dblab.pg.process.Command;
import io.dblab.testkit.FreePorts;
import io.dblab.testkit.PostgresProcesses;
import io.dblab.testkit.TempDirs;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * An engine with one btrfs pool on a loop-mounted image, retrieving from a
 * {@link BenchSource} in the given mode; {@link #start} returns once the first snapshot exists.
 * The engine runs as users run it ({@link Launch#DBLAB_ENGINE_RUN}), or in this JVM where the
 * benchmark traces the commands the engine runs as its children ({@link Launch#IN_THIS_JVM}).
 * {@link #close()} destroys the clones through the API, stops the engine (which unmounts the pool and
 * detaches the loop device) and deletes the directory, also after a failure. The source is the
 * caller's to stop.
 */
final class BenchEngine implements AutoCloseable {
    private static final String TOKEN = "bench-token-" + Long.toHexString(System.nanoTime());
    private static final String POOL = "pool1";
    /** Long enough for a snapshot of a big physical pool under load, which POST /snapshot waits for. */
    private static final Duration REQUEST_TIMEOUT = Duration.ofMinutes(10);
    private static final Duration RETRIEVAL_TIMEOUT = Duration.ofHours(1);

    private final Path dir;
    private final BenchSource source;
    private final String mode;
    private final Launch launch;
    private Engine engine;
    private DblabProcess process;
    private DblabClient client;
    private String apiUrl;
    private RetrievalWatch.Run firstFill;
    private List<CommandTrace.Span> firstFillCommands = List.of();
    private boolean closed;

    /** How the engine runs. */
    enum Launch { IN_THIS_JVM, DBLAB_ENGINE_RUN }

    private BenchEngine(Path dir, BenchSource source, String mode, Launch launch) {
        this.dir = dir;
        this.source = source;
        this.mode = mode;
        this.launch = launch;
    }

    /**
     * @param dir            a new directory for the pool image and the engine's state (the postgres OS
     *                       user must be able to reach the pool below it)
     * @param mode           retrieval.mode: logical or physical
     * @param ports          the engine's clone port pool
     * @param imageSize      the sparse pool image's size, e.g. 12GiB
     * @param retentionLimit retrieval.retention.limit: snapshots to keep after a refresh (0 keeps all)
     */
    static BenchEngine start(Path dir, BenchSource source, String mode, EngineConfig.PortPool ports, String imageSize,
                             int retentionLimit) throws Exception {
        return start(dir, source, mode, ports, imageSize, retentionLimit, Tuning.DEFAULTS, Launch.IN_THIS_JVM);
    }

    /** Settings that trade something for faster physical snapshots under write load, or the defaults. */
    record Tuning(boolean quotas, boolean checkpointSource) {
        static final Tuning DEFAULTS = new Tuning(false, false);
        static final Tuning FOR_WRITE_LOAD = new Tuning(false, true);
    }

    static BenchEngine start(Path dir, BenchSource source, String mode, EngineConfig.PortPool ports, String imageSize,
                             int retentionLimit, Tuning tuning, Launch launch) throws Exception {
        BenchEngine bench = new BenchEngine(dir, source, mode, launch);
        try {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
            bench.startEngine(ports, imageSize, retentionLimit, tuning);
            return bench;
        } catch (Exception | Error e) {
            bench.close();
            throw e;
        }
    }

    /** Times engine start → first snapshot, with the phases /instance/retrieval showed and the commands run. */
    private void startEngine(EngineConfig.PortPool ports, String imageSize, int retentionLimit, Tuning tuning)
            throws InterruptedException, IOException {
        EngineConfig config = new EngineConfig(
                new EngineConfig.Server("127.0.0.1", FreePorts.next(), TOKEN, null, false),
                new EngineConfig.PoolManager(dir.resolve("mnt").toString(), List.of(
                        new EngineConfig.Pool(POOL, "btrfs", dir.resolve("pool.img").toString(), imageSize, true,
                                tuning.quotas()))),
                new EngineConfig.Provision(ports, "127.0.0.1", null, false, null),
                new EngineConfig.Retrieval(mode, new EngineConfig.Source(source.connStr(), null), List.of(), 2,
                        null, new EngineConfig.Physical(null, null, tuning.checkpointSource(), null), null,
                        new EngineConfig.Retention(retentionLimit), null, null),
                // idle cleanup off: the clone benchmark keeps 50 clones idle on purpose
                new EngineConfig.Cloning(0, 0),
                dir.resolve("state").toString());
        Log.log("engine: %s retrieval into an empty pool", mode);
        long started = System.nanoTime();
        apiUrl = "http://127.0.0.1:" + config.server().port();
        client = new DblabClient(URI.create(apiUrl), TOKEN, REQUEST_TIMEOUT, false);
        try (CommandTrace trace = CommandTrace.start(started)) {
            if (launch == Launch.IN_THIS_JVM) {
                engine = Engine.start(config);
            } else {
                process = DblabProcess.engine(config, dir, client);
            }
            double engineStarted = (System.nanoTime() - started) / 1e6;
            RetrievalWatch.Run run = RetrievalWatch.await(client, started, Set.of(), RETRIEVAL_TIMEOUT);
            firstFillCommands = trace.stop();
            List<RetrievalWatch.Phase> phases = new ArrayList<>(List.of(new RetrievalWatch.Phase("engine start", 0)));
            phases.addAll(run.phases().stream().filter(p -> p.startMillis() >= engineStarted).toList());
            firstFill = new RetrievalWatch.Run(run.millis(), phases, run.snapshotId());
        }
        awaitIdle();
        Log.log("engine: snapshot %s after %s", firstFill.snapshotId(), Sample.ms(firstFill.millis()));
    }

    /**
     * POST /full-refresh, timed until /instance/retrieval is finished with a new snapshot (the same
     * end as the first fill's); then, untimed, until the engine has cleaned up after the refresh.
     */
    RetrievalWatch.Run fullRefresh() throws InterruptedException {
        Set<String> before = client.snapshots().stream().map(Snapshot::id).collect(Collectors.toSet());
        long started = System.nanoTime();
        client.fullRefresh();
        RetrievalWatch.Run run = RetrievalWatch.await(client, started, before, RETRIEVAL_TIMEOUT);
        awaitIdle();
        return run;
    }

    /** Waits until the engine no longer counts as retrieving: a refresh deletes its dump and applies retention after "finished". */
    void awaitIdle() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        while (isRetrieving()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the engine is still retrieving: " + client.retrieval());
            }
            Thread.sleep(50);
        }
    }

    /** In this JVM the engine says so itself; as a process, its retrieval status tells. */
    private boolean isRetrieving() {
        if (engine != null) {
            return engine.isRetrieving();
        }
        String status = client.retrieval().status();
        return !"finished".equals(status) && !"failed".equals(status);
    }

    /** The engine process's id: this JVM's when the engine runs in it. */
    long enginePid() {
        return process != null ? process.pid() : ProcessHandle.current().pid();
    }

    DblabClient client() {
        return client;
    }

    /** The API's address, for another part (Joe) that talks to the engine. */
    String apiUrl() {
        return apiUrl;
    }

    /** The engine's verification token, for another part (Joe) that talks to the engine. */
    static String token() {
        return TOKEN;
    }

    BenchSource source() {
        return source;
    }

    String mode() {
        return mode;
    }

    Path dir() {
        return dir;
    }

    /** Engine start → first snapshot. */
    RetrievalWatch.Run firstFill() {
        return firstFill;
    }

    /** The commands the engine ran from its start to the first snapshot. */
    List<CommandTrace.Span> firstFillCommands() {
        return firstFillCommands;
    }

    Path poolRoot() {
        return dir.resolve("mnt").resolve(POOL);
    }

    /** The snapshot's directory in the pool: its API id is {@code <pool>@<name>}. */
    Path snapshotPath() {
        List<Snapshot> snapshots = client.snapshots();
        if (snapshots.size() != 1) {
            throw new IllegalStateException("expected one snapshot, found " + snapshots.size());
        }
        String id = snapshots.get(0).id();
        return poolRoot().resolve("snapshots").resolve(id.substring(id.indexOf('@') + 1));
    }

    @Override
    public String toString() {
        return mode + " engine in " + dir;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (engine != null || process != null) {
            step("destroy clones", this::destroyAllClones);
            step("stop engine", engine != null ? engine::close : process::close);
        }
        step("stop leftover servers", () -> PostgresProcesses.stopAllUnder(dir));
        step("release pool", this::releasePool);
        // never walk into a pool that is still mounted: that would delete its contents file by file
        if (!Command.of("findmnt", "--mountpoint", poolRoot().toString()).run().ok()) {
            step("delete " + dir, () -> TempDirs.deleteRecursively(dir));
        }
    }

    /** Through the API, waiting for clones still being created or reset, which the engine will not delete yet. */
    private void destroyAllClones() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        List<Clone> left = client.clones();
        while (!left.isEmpty() && System.nanoTime() < deadline) {
            for (Clone clone : left) {
                String status = clone.status().code();
                if (Status.OK.equals(status) || Status.FATAL.equals(status)) {
                    try {
                        client.destroyClone(clone.id());
                    } catch (DblabApiException e) {
                        Log.log("destroy %s: %s", clone.id(), e.getMessage());
                    }
                }
            }
            Thread.sleep(200);
            left = client.clones();
        }
        if (!left.isEmpty()) {
            Log.log("cleanup: %d clones were not destroyed through the API", left.size());
        }
    }

    /** engine.close() unmounts and detaches (unmountOnStop); this only catches what a failed start left. */
    private void releasePool() {
        if (Command.of("findmnt", "--mountpoint", poolRoot().toString()).run().ok()) {
            Log.log("pool still mounted after the engine stopped; unmounting");
            Command.of("umount", "-R", poolRoot().toString()).check();
        }
        String attached = Command.of("losetup", "-j", dir.resolve("pool.img").toString()).check();
        for (String line : attached.lines().filter(l -> l.startsWith("/dev/")).toList()) {
            Log.log("loop device still attached after the engine stopped: %s", line);
            Command.of("losetup", "-d", line.substring(0, line.indexOf(':'))).check();
        }
    }

    private static void step(String what, Sample.Step step) {
        try {
            step.run();
        } catch (Exception e) {
            Log.log("cleanup: %s failed: %s", what, e.getMessage());
        }
    }
}
