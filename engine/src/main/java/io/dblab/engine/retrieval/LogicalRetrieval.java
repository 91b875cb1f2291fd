package io.dblab.engine.retrieval;

import io.dblab.engine.error.BadRequestException;
import io.dblab.engine.masking.MaskedDataDir;
import io.dblab.engine.masking.Masking;
import io.dblab.engine.pool.PoolProvider;
import io.dblab.engine.snapshot.SnapshotService;
import io.dblab.engine.state.SnapshotRecord;
import io.dblab.pg.process.Command;
import io.dblab.pg.server.ControlData;
import io.dblab.pg.server.LocalServer;
import io.dblab.pg.server.LoginRoles;
import io.dblab.pg.server.PgConf;
import io.dblab.pg.server.PgCtl;
import io.dblab.pg.server.Psql;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logical retrieval: {@code pg_dump -Fd -j N} of each database from the source,
 * {@code pg_restore -j N} into a fresh cluster in the pool's main data directory, ANALYZE,
 * masking when configured ({@link Masking}), checkpoint, clean stop, snapshot. The snapshot is
 * the last step, so a failure anywhere before it leaves no snapshot behind.
 */
public final class LogicalRetrieval implements RetrievalMethod {
    private static final Logger LOG = LoggerFactory.getLogger(LogicalRetrieval.class);
    /** Settings for the restore only: the clean stop and the snapshot (durable by itself) make the data safe. */
    private static final Map<String, String> RESTORE_SETTINGS = Map.of(
            "fsync", "off", "full_page_writes", "off", "synchronous_commit", "off",
            "wal_level", "minimal", "max_wal_senders", "0", "autovacuum", "off",
            "maintenance_work_mem", "256MB", "max_wal_size", "4GB");

    private final PgCtl ctl;
    private final SourceDatabase source;
    private final List<String> databases;
    private final int parallelJobs;
    private final boolean keepUserPasswords;
    private final TableFilter tables;
    private final List<String> restoreOptions;
    private final SnapshotService snapshots;
    private final RetrievalStatus status;
    private final Masking masking;

    public LogicalRetrieval(PgCtl ctl, SourceDatabase source, List<String> databases, int parallelJobs,
                            boolean keepUserPasswords, TableFilter tables, List<String> restoreOptions,
                            SnapshotService snapshots, RetrievalStatus status, Masking masking) {
        this.ctl = ctl;
        this.source = source;
        this.databases = databases;
        this.parallelJobs = parallelJobs;
        this.keepUserPasswords = keepUserPasswords;
        this.tables = tables;
        this.restoreOptions = List.copyOf(restoreOptions);
        this.snapshots = snapshots;
        this.status = status;
        this.masking = masking;
    }

    /** Refreshes the pool from the source and returns the new snapshot. */
    @Override
    public SnapshotRecord refresh(PoolProvider pool) {
        try {
            return copyAndSnapshot(pool);
        } catch (IOException | RuntimeException e) {
            // reported once the cleanup has run, so that "failed" means nothing of the refresh runs any more
            String reason = e.getMessage() == null ? e.toString() : e.getMessage();
            status.failed("Logical retrieval failed: " + reason);
            LOG.error("logical retrieval failed: {}", reason);
            throw new RetrievalFailedException(reason, e);
        }
    }

    /**
     * The refresh's steps. The restore server (a copy of the cluster template, started, with the
     * source's roles and empty databases) does not depend on the dump, so it is made while pg_dump
     * runs.
     */
    private SnapshotRecord copyAndSnapshot(PoolProvider pool) throws IOException {
        Instant dataStateAt = Instant.now();
        status.moveTo("refreshing");
        Path dumpDir = pool.root().resolve("dump");
        ExecutorService alongside = Executors.newSingleThreadExecutor(r -> new Thread(r, "refresh-alongside-" + pool.name()));
        Future<LocalServer> restoreServer = null;
        LocalServer server = null;
        try {
            List<String> targets = databases.isEmpty() ? source.databases() : databases;
            LOG.info("logical retrieval into pool {}: databases {}", pool.name(), targets);
            deleteTree(dumpDir);
            Files.createDirectories(dumpDir);
            restoreServer = alongside.submit(() -> startRestoreServer(pool, targets));
            status.track("dump", "tables", source.tableCount(targets), () -> DiskUsage.tableFiles(dumpDir));
            for (String database : targets) {
                // -Z 1: the dump lives only until the restore has read it, and the default level (6)
                // spends much more CPU for a little less space (pgbench data: 2.3 s instead of 2.65 s)
                List<String> dump = new ArrayList<>(List.of(ctl.installation().tool("pg_dump"), "-Fd", "-j",
                        Integer.toString(parallelJobs), "-Z", "1", "--no-sync",
                        "-f", dumpDir.resolve(safeDirName(database)).toString(), "-d", source.connStrFor(database)));
                dump.addAll(tables.dumpOptions(database));
                source.command(dump.toArray(String[]::new)).check();
            }
            LOG.info("pool {}: dump finished", pool.name());

            server = awaitRestoreServer(restoreServer);
            restoreServer = null;
            Psql psql = server.psql();
            Path dataDir = pool.dataDir();
            // Done is what the restore adds to the databases' files: the fresh cluster's own files
            // (about 40 MB), its WAL and the index builds' temporary files are not in the source's
            // size; counting them made the first figure a burst (a rate of GB/s, no time left) and
            // the last ones exceed the total.
            Path databaseFiles = dataDir.resolve("base");
            long before = DiskUsage.databaseBytes(databaseFiles);
            status.track("restore", "bytes", source.size(targets), () -> DiskUsage.databaseBytes(databaseFiles) - before);
            // With fsync off the restored data stays in the page cache, and the snapshot would have to
            // write it all out. Written out as soon as it is loaded, it goes while the indexes are
            // built; what the index builds wrote goes while ANALYZE mostly reads and computes.
            Runnable writeOutEarly = () -> alongside.submit(() -> Command.of("sync", "-f", dataDir.toString()).check());
            restore(server, targets, dumpDir, writeOutEarly);
            LOG.info("pool {}: restore finished", pool.name());
            Future<?> writeOut = alongside.submit(() -> Command.of("sync", "-f", dataDir.toString()).check());
            status.track("analyze", "tables", 0, () -> 0);
            analyze(server, targets);
            if (!keepUserPasswords) {
                LoginRoles.randomizePasswords(psql);
            }
            awaitQuietly(writeOut);
            MaskedDataDir masked = masking.apply(server, pool.dataDir(), pool::resetDataDir);
            status.moveTo("snapshotting");
            psql.run("postgres", "CHECKPOINT");
            server.stop("fast");
            server = null;
            masked.cleanAndVerify();
            // the restore-only settings (fsync off …) must not travel with the snapshot; the pool
            // makes the snapshot durable (PoolProvider#createSnapshot)
            PgConf.writeIncluded(pool.dataDir(), LocalServer.SETTINGS_FILE, Map.of());
            SnapshotRecord snapshot = snapshots.create(pool, dataStateAt, "logical retrieval");
            status.finished(Instant.now());
            LOG.info("logical retrieval finished: snapshot {}", snapshot.id());
            return snapshot;
        } finally {
            // When the engine stops, this thread is interrupted; the cleanup must still run its
            // commands to the end, or the restore server would keep the pool busy.
            boolean interrupted = Thread.interrupted();
            if (restoreServer != null) {
                server = startedOrNull(restoreServer);
            }
            alongside.shutdown();
            if (server != null) {
                server.stop("immediate");
            }
            deleteTree(dumpDir);
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Restores each database into the restore server, which has the roles and the empty databases:
     * the tables and their data first, then, after {@code dataLoaded} ran, the indexes, constraints
     * and the rest (pg_restore's post-data section). Tables and data stay in one run, so that
     * pg_restore still loads each table in the transaction that empties it, which wal_level=minimal
     * spares from WAL. Restore options that choose sections themselves get a single run.
     */
    private void restore(LocalServer server, List<String> databases, Path dumpDir, Runnable dataLoaded) {
        boolean bySections = restoreOptions.stream().noneMatch(option -> option.startsWith("--section"));
        for (String database : databases) {
            if (bySections) {
                runRestore(server, database, dumpDir, List.of("--section=pre-data", "--section=data"));
                dataLoaded.run();
                runRestore(server, database, dumpDir, List.of("--section=post-data"));
            } else {
                runRestore(server, database, dumpDir, List.of());
            }
        }
    }

    private void runRestore(LocalServer server, String database, Path dumpDir, List<String> sections) {
        List<String> restore = new ArrayList<>(List.of(ctl.installation().tool("pg_restore"), "-j",
                Integer.toString(parallelJobs), "--no-tablespaces", "-h", server.socketDir().toString(),
                "-p", Integer.toString(server.port()), "-U", "postgres", "-d", database));
        restore.addAll(sections);
        restore.addAll(restoreOptions);
        restore.add(dumpDir.resolve(safeDirName(database)).toString());
        Command.of(restore).timeout(Duration.ofHours(24)).check();
    }

    /**
     * Planner statistics for every restored database: clones are made to tune queries. The other
     * databases (template1, and postgres when it is not restored) are as initdb made and analyzed them.
     */
    private void analyze(LocalServer server, List<String> databases) {
        for (String database : databases) {
            Command.of(ctl.installation().tool("vacuumdb"), "--analyze-only", "-j", Integer.toString(parallelJobs),
                            "-h", server.socketDir().toString(), "-p", Integer.toString(server.port()),
                            "-U", "postgres", "-d", database)
                    .timeout(Duration.ofHours(24)).check();
        }
    }

    /**
     * A fresh cluster in the pool's main data directory, running with the restore-only settings,
     * with the source's roles (first, so that restored objects keep their owners) and an empty
     * database for each one to restore. The roles are read while pg_dump runs, which is closer to
     * its snapshot than reading them after it.
     */
    private LocalServer startRestoreServer(PoolProvider pool, List<String> databases) throws IOException {
        pool.resetDataDirToCluster(ctl.installation().version(), ctl::initdb);
        LocalServer server = new LocalServer(ctl, pool.dataDir(), freePort());
        try {
            server.start("", RESTORE_SETTINGS, Duration.ofMinutes(5));
            Psql psql = server.psql();
            // "role postgres exists" is expected
            psql.run("postgres", "\\set ON_ERROR_STOP 0\n" + source.rolesScript(keepUserPasswords));
            for (String database : databases) {
                if (!"postgres".equals(database)) {
                    psql.run("postgres", "CREATE DATABASE :\"db\";", Map.of("db", database));
                }
            }
        } catch (RuntimeException e) {
            server.stop("immediate");
            throw e;
        }
        return server;
    }

    private static LocalServer awaitRestoreServer(Future<LocalServer> restoreServer) {
        try {
            return restoreServer.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw cause instanceof RuntimeException runtime ? runtime
                    : new IllegalStateException("cannot start the restore server: " + cause.getMessage(), cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the restore server started", e);
        }
    }

    /** Waits for work that only saves time later: if it failed, the step it prepares does it anyway. */
    private static void awaitQuietly(Future<?> work) {
        try {
            work.get();
        } catch (ExecutionException e) {
            LOG.warn("writing the restored data out early failed: {}", e.getCause().getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the restored data was written out", e);
        }
    }

    /** After a failure elsewhere: waits for the restore server's start to end, so it can be stopped. */
    private static LocalServer startedOrNull(Future<LocalServer> restoreServer) {
        try {
            return restoreServer.get();
        } catch (ExecutionException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /**
     * The main data directory is a stopped cluster between refreshes, so it can be snapshotted as it
     * is; unless the last refresh failed, which leaves a half-restored cluster, stopped uncleanly.
     */
    @Override
    public SnapshotRecord snapshot(PoolProvider pool) {
        Path dataDir = pool.dataDir();
        if (!Files.exists(dataDir.resolve("global/pg_control"))
                || !ControlData.read(ctl.installation(), dataDir).cleanlyShutDown()) {
            throw new BadRequestException("pool '" + pool.name() + "' holds no complete copy: its last refresh did not"
                    + " finish (see /status); run a full refresh");
        }
        return snapshots.create(pool, snapshots.dataStateAt(pool), "manual snapshot");
    }

    @Override
    public void resume(PoolProvider pool) {
        // nothing runs between refreshes
    }

    @Override
    public void stop() {
        // nothing runs between refreshes
    }

    /** The half-restored data directory is only reset by the next refresh; its server and dump go now. */
    @Override
    public void cleanUpInterrupted(PoolProvider pool) {
        LocalServer.stopRunning(ctl, pool.dataDir(), "immediate");
        deleteTree(pool.root().resolve("dump"));
        if (masking.enabled()) {
            // an interrupted run may have left the data unmasked, or masked but not verified
            pool.resetDataDir();
        }
    }

    @Override
    public boolean dataDirInUse() {
        return false;
    }

    /** Database names can hold any character; the dump directory name must not. */
    private static String safeDirName(String database) {
        return "db_" + Integer.toHexString(database.hashCode()) + "_" + database.replaceAll("[^a-zA-Z0-9_]", "_");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            LOG.warn("cannot delete {}: {}", dir, e.getMessage());
        }
    }
}
