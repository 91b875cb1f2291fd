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
import io.dblab.testkit.TestPostgres;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One database size under test: a source PostgreSQL filled by pgbench, and an engine (in this JVM)
 * whose btrfs pool on a loop-mounted image holds a snapshot of it made by logical retrieval.
 * {@link #close()} destroys the clones through the API, stops the engine (which unmounts the pool and
 * detaches the loop device), stops the source and deletes the directory, also after a failure.
 */
final class BenchEngine implements AutoCloseable {
    static final String DATABASE = "bench";
    /** Touches a few pages of the biggest table, so that a reset has changed data to throw away. */
    static final String DIRTY_SQL = "UPDATE pgbench_accounts SET abalance = abalance + 1 WHERE aid <= 1000";
    private static final String TOKEN = "clone-bench-token-" + Long.toHexString(System.nanoTime());
    private static final String POOL = "pool1";

    private final Path dir;
    private TestPostgres source;
    private Engine engine;
    private DblabClient client;
    private long databaseBytes;
    private double retrievalMillis;
    private boolean closed;

    private BenchEngine(Path dir) {
        this.dir = dir;
    }

    /**
     * @param dir       a new directory for the pool image and the engine's state (the postgres OS user
     *                  must be able to reach the pool below it)
     * @param scale     pgbench scale: 10 is about 150 MB, 100 about 1.5 GB
     * @param ports     the engine's clone port pool
     * @param imageSize the sparse pool image's size, e.g. 12GiB
     */
    static BenchEngine start(Path dir, int scale, EngineConfig.PortPool ports, String imageSize) throws Exception {
        BenchEngine bench = new BenchEngine(dir);
        try {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
            bench.startSource(scale);
            bench.startEngine(ports, imageSize);
            return bench;
        } catch (Exception | Error e) {
            bench.close();
            throw e;
        }
    }

    private void startSource(int scale) throws IOException {
        // TestPostgres makes its directory under java.io.tmpdir, which the script points into the work directory
        source = TestPostgres.start(Map.of("max_wal_size", "4GB"));
        // pg_basebackup connects for replication, which "local all" in the source's pg_hba.conf does not cover
        Files.writeString(source.server().dataDir().resolve("pg_hba.conf"), "local replication all trust\n",
                StandardOpenOption.APPEND);
        source.psql().run("postgres", "SELECT pg_reload_conf(); CREATE DATABASE " + DATABASE + ";");
        CloneBench.log("source: pgbench -i -s %d", scale);
        Command.of(RawServer.tool("pgbench"), "-i", "-q", "-s", Integer.toString(scale),
                        "-h", source.server().socketDir().toString(), "-p", Integer.toString(source.port()),
                        "-U", "postgres", DATABASE)
                .timeout(Duration.ofHours(1)).check();
        databaseBytes = Long.parseLong(source.psql().run("postgres", "SELECT pg_database_size('" + DATABASE + "')").strip());
        CloneBench.log("source: database %s is %d MB", DATABASE, databaseBytes >> 20);
    }

    private void startEngine(EngineConfig.PortPool ports, String imageSize) throws InterruptedException {
        EngineConfig config = new EngineConfig(
                new EngineConfig.Server("127.0.0.1", FreePorts.next(), TOKEN, null, false),
                new EngineConfig.PoolManager(dir.resolve("mnt").toString(), List.of(
                        new EngineConfig.Pool(POOL, "btrfs", dir.resolve("pool.img").toString(), imageSize, true))),
                new EngineConfig.Provision(ports, "127.0.0.1", null, false, null),
                new EngineConfig.Retrieval("logical", new EngineConfig.Source(
                        "host=" + source.server().socketDir() + " port=" + source.port() + " user=postgres", null),
                        List.of(), 2),
                // idle cleanup off: the density check keeps 50 clones idle on purpose
                new EngineConfig.Cloning(0, 0),
                dir.resolve("state").toString());
        long started = System.nanoTime();
        engine = Engine.start(config);
        client = new DblabClient(URI.create("http://127.0.0.1:" + engine.apiPort()), TOKEN);
        CloneBench.log("engine: logical retrieval into the pool");
        long deadline = started + Duration.ofHours(1).toNanos();
        while (client.snapshots().isEmpty() || engine.isRetrieving()) {
            if (System.nanoTime() > deadline || "failed".equals(client.retrieval().status())) {
                throw new IllegalStateException("no snapshot: retrieval is " + client.retrieval());
            }
            Thread.sleep(200);
        }
        retrievalMillis = (System.nanoTime() - started) / 1e6;
        CloneBench.log("engine: snapshot %s after %s", snapshotPath(), Sample.ms(retrievalMillis));
    }

    DblabClient client() {
        return client;
    }

    TestPostgres source() {
        return source;
    }

    Path dir() {
        return dir;
    }

    long databaseBytes() {
        return databaseBytes;
    }

    double retrievalMillis() {
        return retrievalMillis;
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
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (engine != null) {
            step("destroy clones", this::destroyAllClones);
            step("stop engine", engine::close);
        }
        step("stop leftover servers", () -> PostgresProcesses.stopAllUnder(dir));
        step("release pool", this::releasePool);
        if (source != null) {
            step("stop source", source::close);
        }
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
                        CloneBench.log("destroy %s: %s", clone.id(), e.getMessage());
                    }
                }
            }
            Thread.sleep(200);
            left = client.clones();
        }
        if (!left.isEmpty()) {
            CloneBench.log("cleanup: %d clones were not destroyed through the API", left.size());
        }
    }

    /** engine.close() unmounts and detaches (unmountOnStop); this only catches what a failed start left. */
    private void releasePool() {
        if (Command.of("findmnt", "--mountpoint", poolRoot().toString()).run().ok()) {
            CloneBench.log("pool still mounted after the engine stopped; unmounting");
            Command.of("umount", poolRoot().toString()).check();
        }
        String attached = Command.of("losetup", "-j", dir.resolve("pool.img").toString()).check();
        for (String line : attached.lines().filter(l -> l.startsWith("/dev/")).toList()) {
            CloneBench.log("loop device still attached after the engine stopped: %s", line);
            Command.of("losetup", "-d", line.substring(0, line.indexOf(':'))).check();
        }
    }

    private static void step(String what, Sample.Step step) {
        try {
            step.run();
        } catch (Exception e) {
            CloneBench.log("cleanup: %s failed: %s", what, e.getMessage());
        }
    }
}
