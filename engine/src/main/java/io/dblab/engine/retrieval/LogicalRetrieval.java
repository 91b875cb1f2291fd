package io.dblab.engine.retrieval;

import io.dblab.engine.error.BadRequestException;
import io.dblab.engine.masking.MaskedDataDir;
import io.dblab.engine.masking.Masking;
import io.dblab.engine.pool.PoolProvider;
import io.dblab.engine.schedule.BackgroundTask;
import io.dblab.engine.snapshot.SnapshotService;
import io.dblab.engine.state.SnapshotRecord;
import io.dblab.pg.process.Command;
import io.dblab.pg.process.CommandResult;
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
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logical retrieval into a fresh cluster in the pool's main data directory, database by database,
 * all read in one exported snapshot of that database ({@link SourceSnapshot}): pg_dump of all but
 * the tables' rows, pg_restore of its definitions, the rows copied straight from the source by
 * {@code N} workers ({@link TableDataCopy}), pg_restore of the rest (sequence values, indexes,
 * constraints …) with {@code -j N}; then ANALYZE, masking when configured ({@link Masking}),
 * checkpoint, clean stop, snapshot. The snapshot is the last step, so a failure anywhere before it
 * leaves no snapshot behind.
 */
public final class LogicalRetrieval implements RetrievalMethod {
    private static final Logger LOG = LoggerFactory.getLogger(LogicalRetrieval.class);
    /** A library name as the SQL literal may hold it unquoted: no quote, slash or space. */
    private static final Pattern SAFE_LIBRARY_NAME = Pattern.compile("[A-Za-z0-9_.-]+");
    /** Settings for the restore only: the clean stop and the snapshot (durable by itself) make the data safe. */
    private static final Map<String, String> RESTORE_SETTINGS = Map.of(
            "fsync", "off", "full_page_writes", "off", "synchronous_commit", "off",
            "wal_level", "minimal", "max_wal_senders", "0", "autovacuum", "off",
            "maintenance_work_mem", "256MB", "max_wal_size", "4GB");

    /**
     * What {@code POST /admin/config} may change; a refresh takes the newest at its start, so that
     * one refresh runs with one set of them throughout.
     */
    public record Settings(SourceDatabase source, List<String> databases, int parallelJobs, List<String> restoreOptions) {
        public Settings {
            databases = List.copyOf(databases);
            restoreOptions = List.copyOf(restoreOptions);
        }
    }

    private final PgCtl ctl;
    private volatile Settings next;
    // the settings of the refresh under way (or the last one), set at its start before any of its steps runs
    private SourceDatabase source;
    private List<String> databases;
    private int parallelJobs;
    private List<String> restoreOptions;
    private final boolean keepUserPasswords;
    private final TableFilter tables;
    private final SnapshotService snapshots;
    private final RetrievalStatus status;
    private final Masking masking;

    public LogicalRetrieval(PgCtl ctl, SourceDatabase source, List<String> databases, int parallelJobs,
                            boolean keepUserPasswords, TableFilter tables, List<String> restoreOptions,
                            SnapshotService snapshots, RetrievalStatus status, Masking masking) {
        this.ctl = ctl;
        this.next = new Settings(source, databases, parallelJobs, restoreOptions);
        this.keepUserPasswords = keepUserPasswords;
        this.tables = tables;
        this.snapshots = snapshots;
        this.status = status;
        this.masking = masking;
    }

    /** From the next refresh on, these settings; a refresh under way keeps its own. */
    public void reconfigure(Settings settings) {
        next = settings;
    }

    /** Whether the next refresh has a source: none until a connection string is configured. */
    @Override
    public boolean hasSource() {
        return next.source().hasConnStr();
    }

    /** Refreshes the pool from the source and returns the new snapshot. */
    @Override
    public SnapshotRecord refresh(PoolProvider pool) {
        Settings settings = next;
        source = settings.source();
        databases = settings.databases();
        parallelJobs = settings.parallelJobs();
        restoreOptions = settings.restoreOptions();
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
     * source's roles and empty databases) does not depend on the source's data, so it is made while
     * the first database's definitions are dumped.
     */
    private SnapshotRecord copyAndSnapshot(PoolProvider pool) throws IOException {
        Instant dataStateAt = Instant.now();
        status.moveTo("refreshing");
        Path dumpDir = pool.root().resolve("dump");
        ExecutorService alongside = Executors.newSingleThreadExecutor(
                BackgroundTask.daemonThreads("refresh-alongside-" + pool.name()));
        Future<LocalServer> restoreServer = null;
        LocalServer server = null;
        try {
            List<String> targets = databases.isEmpty() ? source.databases() : databases;
            LOG.info("logical retrieval into pool {}: databases {}", pool.name(), targets);
            deleteTree(dumpDir);
            Files.createDirectories(dumpDir);
            restoreServer = alongside.submit(() -> startRestoreServer(pool, targets));
            TableDataCopy tableCopy = new TableDataCopy(source, ctl.installation().tool("psql"), parallelJobs, dumpDir);
            // Done is what the copy adds to the databases' files: the fresh cluster's own files
            // (about 40 MB), its WAL and the index builds' temporary files are not in the source's
            // size; counting them made the first figure a burst (a rate of GB/s, no time left) and
            // the last ones exceed the total.
            Path databaseFiles = pool.dataDir().resolve("base");
            for (String database : targets) {
                status.track("schema", "tables", 0, () -> 0);
                Path dump = dumpDir.resolve(safeFileName(database));
                List<TableDataCopy.Table> tables;
                try (SourceSnapshot snapshot = SourceSnapshot.open(source, ctl.installation().tool("psql"), database)) {
                    List<SourceTables.SourceTable> sourceTables = SourceTables.list(snapshot);
                    dumpAllButTableRows(database, snapshot.id(), sourceTables, dump);
                    if (server == null) {
                        server = awaitRestoreServer(restoreServer);
                        restoreServer = null;
                    }
                    runRestore(server, database, dump, List.of("--section=pre-data"));
                    tables = SourceTables.restored(server, database, sourceTables);
                    lockAgainstChanges(snapshot, tables);
                    long before = DiskUsage.databaseBytes(databaseFiles);
                    status.track("copy", "bytes", tables.stream().mapToLong(TableDataCopy.Table::bytes).sum(),
                            () -> DiskUsage.databaseBytes(databaseFiles) - before);
                    tableCopy.copy(database, snapshot.id(), tables, server);
                }
                // With fsync off the copied rows stay in the page cache, and the snapshot would have to
                // write them all out. Written out now, they go while the indexes are built.
                alongside.execute(() -> writeOutEarly(pool));
                long copied = DiskUsage.databaseBytes(databaseFiles);
                status.track("indexes", "bytes", tables.stream().mapToLong(t -> t.source().indexBytes()).sum(),
                        () -> DiskUsage.databaseBytes(databaseFiles) - copied);
                // sequence values, large objects and what else pg_dump holds besides table rows; then
                // indexes, constraints and the rest
                runRestore(server, database, dump, List.of("--section=data", "--section=post-data"));
            }
            LOG.info("pool {}: copy finished", pool.name());
            Psql psql = server.psql();
            Future<?> writeOut = alongside.submit(() -> writeOutEarly(pool));
            status.track("analyze", "tables", 0, () -> 0);
            analyze(server, targets);
            carryPreloadLibraries(psql);
            if (!keepUserPasswords) {
                LoginRoles.randomizePasswords(psql);
            }
            awaitQuietly(writeOut);
            // the blocks that held original values, freed by masking, must not outlive it on the
            // device: discarded before the snapshot is published, or after a failed masking
            MaskedDataDir masked = masking.apply(server, pool.dataDir(), () -> {
                pool.resetDataDir();
                pool.discardFreedBlocks();
            });
            status.moveTo("snapshotting");
            psql.run("postgres", "CHECKPOINT");
            server.stop("fast");
            server = null;
            masked.cleanAndVerify();
            if (masking.enabled()) {
                pool.discardFreedBlocks();
            }
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
            // a write-out may still run in the pool
            WorkerThreads.stop(alongside, "the refresh's work alongside");
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
     * Dumps, in the copy's snapshot, everything of the database but the rows of the tables that
     * {@link TableDataCopy} copies: definitions, sequence values, large objects, the rows of
     * extensions' tables. Small, so in pg_dump's single-file format, compressed lightly.
     */
    private void dumpAllButTableRows(String database, String snapshotId, List<SourceTables.SourceTable> tables, Path dump) {
        List<String> command = new ArrayList<>(List.of(ctl.installation().tool("pg_dump"), "-Fc", "-Z", "1", "--no-sync",
                "--snapshot=" + snapshotId, "-f", dump.toString(), "-d", source.connStrFor(database)));
        command.addAll(this.tables.dumpOptions(database));
        command.addAll(SourceTables.excludeDataOptions(tables));
        source.command(command.toArray(String[]::new)).check();
    }

    /**
     * What pg_dump's locks do for it: the tables to copy can no longer be dropped, truncated or
     * altered on the source until the copy ends. ACCESS SHARE conflicts only with ACCESS EXCLUSIVE,
     * so the source's reads and writes go on.
     */
    private static void lockAgainstChanges(SourceSnapshot snapshot, List<TableDataCopy.Table> tables) {
        if (!tables.isEmpty()) {
            snapshot.query("LOCK TABLE " + tables.stream().map(t -> "ONLY " + t.qualifiedName())
                    .collect(Collectors.joining(", ")) + " IN ACCESS SHARE MODE");
        }
    }

    private void runRestore(LocalServer server, String database, Path dump, List<String> sections) {
        List<String> restore = new ArrayList<>(List.of(ctl.installation().tool("pg_restore"), "-j",
                Integer.toString(parallelJobs), "--no-tablespaces", "-h", server.socketDir().toString(),
                "-p", Integer.toString(server.port()), "-U", "postgres", "-d", database));
        restore.addAll(sections);
        restore.addAll(restoreOptions);
        restore.add(dump.toString());
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
     * Extensions that need a preloaded library (pg_stat_statements, auto_explain …) work in the
     * clones as on the source: the fresh cluster takes the source's shared_preload_libraries into
     * the snapshot's postgresql.auto.conf, but only those installed here, since a missing one would
     * keep every clone from starting. Clones cannot set this themselves (extra_conf refuses it).
     */
    private void carryPreloadLibraries(Psql psql) {
        Path libraryDir = ctl.installation().binDir().resolveSibling("lib");
        List<String> libraries = source.preloadLibraries().stream()
                .map(name -> name.replaceFirst("^\\$libdir/", ""))
                .filter(name -> SAFE_LIBRARY_NAME.matcher(name).matches())
                .filter(name -> Files.isRegularFile(libraryDir.resolve(name + ".so")))
                .toList();
        if (!libraries.isEmpty()) {
            psql.run("postgres", "ALTER SYSTEM SET shared_preload_libraries = "
                    + libraries.stream().map(name -> "'" + name + "'").collect(Collectors.joining(", ")));
            LOG.info("snapshot will preload {}, as the source does", libraries);
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

    /** Writing out early only saves time: a failure is logged, and the snapshot writes the data out all the same. */
    private static void writeOutEarly(PoolProvider pool) {
        CommandResult result = Command.of("sync", "-f", pool.dataDir().toString()).run();
        if (!result.ok()) {
            LOG.warn("writing the restored data out early failed: {}", result.diagnostics());
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

    /** Database names can hold any character; the dump file name must not. */
    private static String safeFileName(String database) {
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
