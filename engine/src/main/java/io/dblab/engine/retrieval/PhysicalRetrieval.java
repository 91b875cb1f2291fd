package io.dblab.engine.retrieval;

import io.dblab.engine.config.EngineConfig;
import io.dblab.engine.masking.MaskedDataDir;
import io.dblab.engine.masking.Masking;
import io.dblab.engine.pool.PoolProvider;
import io.dblab.engine.snapshot.SnapshotService;
import io.dblab.engine.state.SnapshotRecord;
import io.dblab.pg.process.Command;
import io.dblab.pg.process.PasswordFiles;
import io.dblab.pg.server.LocalServer;
import io.dblab.pg.server.LoginRoles;
import io.dblab.pg.server.PgConf;
import io.dblab.pg.server.PgCtl;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Physical retrieval: {@code pg_basebackup -X stream} (or the configured restore command) into the
 * pool's main data directory, which then runs as a streaming standby of the source. A snapshot is
 * taken from a writable copy of the standby that is promoted, masked (when rules are set),
 * checkpointed and cleanly stopped, so
 * clones start without WAL replay; the standby itself keeps following the source.
 */
public final class PhysicalRetrieval implements RetrievalMethod {
    private static final Logger LOG = LoggerFactory.getLogger(PhysicalRetrieval.class);
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMddHHmmss").withZone(ZoneOffset.UTC);
    /** Where earlier versions kept the standby's password file: in the pool root, readable by its servers. */
    private static final String OLD_PASSFILE = ".source.pgpass";
    /** How long a snapshot waits for the standby to replay the checkpoint it asked the source for. */
    private static final Duration SOURCE_CHECKPOINT_REPLAY = Duration.ofSeconds(30);

    private final PgCtl ctl;
    private final SourceDatabase source;
    private final String restoreCommand;
    private final Map<String, String> restoreEnv;
    private final Map<String, String> promotionSettings;
    private final boolean checkpointSource;
    private final String maxRate;
    private final boolean keepUserPasswords;
    private final SnapshotService snapshots;
    private final RetrievalStatus status;
    private final Masking masking;
    private final AtomicReference<LocalServer> standby = new AtomicReference<>();
    private final AtomicReference<PoolProvider> standbyPool = new AtomicReference<>();
    /** The source password for the standby's connections, while it runs. */
    private final AtomicReference<PasswordFiles.PasswordFile> standbyPassword = new AtomicReference<>();

    public PhysicalRetrieval(PgCtl ctl, SourceDatabase source, EngineConfig.Physical settings, boolean keepUserPasswords,
                             SnapshotService snapshots, RetrievalStatus status, Masking masking) {
        this.ctl = ctl;
        this.source = source;
        this.restoreCommand = settings.restoreCommand();
        this.restoreEnv = settings.restoreEnv();
        this.promotionSettings = promotionSettings(settings.promotionSharedBuffers());
        this.checkpointSource = settings.checkpointSource();
        this.maxRate = settings.maxRate();
        this.keepUserPasswords = keepUserPasswords;
        this.snapshots = snapshots;
        this.status = status;
        this.masking = masking;
    }

    /** The running standby, if any (for the synchronization status). */
    public LocalServer standby() {
        return standby.get();
    }

    public SourceDatabase source() {
        return source;
    }

    public io.dblab.pg.server.PgInstallation installation() {
        return ctl.installation();
    }

    /** Starts the standby again on the pool it ran on, after it died. */
    public void restartStandby() {
        PoolProvider pool = standbyPool.get();
        if (pool != null) {
            startStandby(pool);
        }
    }

    /** Copies the source into the pool, starts the standby and takes the first snapshot. */
    @Override
    public SnapshotRecord refresh(PoolProvider pool) {
        status.moveTo("refreshing");
        try {
            stopStandby();
            pool.resetDataDir();
            Path dataDir = pool.dataDir();
            long total = source.hasConnStr() ? source.clusterSize() : 0;
            status.track(restoreCommand.isEmpty() ? "basebackup" : "restore", "bytes", total, () -> DiskUsage.bytes(dataDir));
            if (restoreCommand.isEmpty()) {
                source.command(basebackupCommand(pool.dataDir()).toArray(String[]::new)).asUser(ctl.user()).check();
            } else {
                Command restore = Command.of("sh", "-c", restoreCommand);
                restoreEnv.forEach(restore::env); // the tool's own settings, for this command only
                restore.env("PGDATA", pool.dataDir().toString()).asUser(ctl.user()).timeout(Duration.ofHours(48)).check();
            }
            startStandby(pool);
            return snapshot(pool);
        } catch (RuntimeException e) {
            String reason = e.getMessage() == null ? e.toString() : e.getMessage();
            status.failed("Physical retrieval failed: " + reason);
            throw new RetrievalFailedException(reason, e);
        }
    }

    private List<String> basebackupCommand(Path dataDir) {
        List<String> command = new ArrayList<>(List.of(ctl.installation().tool("pg_basebackup"), "-D", dataDir.toString(),
                "-X", "stream", "-c", "fast", "--no-sync", "-d", source.with("application_name", "dblab_basebackup")));
        if (!maxRate.isEmpty()) {
            command.add("--max-rate=" + maxRate); // throttles the data files; the WAL streamed beside them is not
        }
        return command;
    }

    @Override
    public void resume(PoolProvider pool) {
        startStandby(pool);
    }

    @Override
    public void stop() {
        stopStandby();
    }

    @Override
    public void cleanUpInterrupted(PoolProvider pool) {
        LocalServer.stopRunning(ctl, pool.dataDir(), "immediate");
    }

    @Override
    public boolean dataDirInUse() {
        return true;
    }

    /** Starts the pool's data directory as a standby that streams from the source (after a restart too). */
    public void startStandby(PoolProvider pool) {
        Path data = pool.dataDir();
        LocalServer.stopRunning(ctl, data, "fast");
        LocalServer server = new LocalServer(ctl, data, freePort());
        deleteOldPassFile(pool);
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("hot_standby", "on");
        if (restoreCommand.isEmpty() || source.hasConnStr()) {
            settings.put("primary_conninfo", primaryConninfo());
        }
        touch(data.resolve("standby.signal"));
        try {
            server.start("", settings, Duration.ofHours(2));
        } catch (RuntimeException e) {
            dropStandbyPassword();
            throw e;
        }
        standby.set(server);
        standbyPool.set(pool);
        LOG.info("standby of pool {} running (socket port {})", pool.name(), server.port());
    }

    public void stopStandby() {
        LocalServer server = standby.getAndSet(null);
        try {
            if (server != null) {
                server.stop("fast");
            }
        } finally {
            dropStandbyPassword();
        }
    }

    /**
     * The standby's connection to the source. Its password is in a file of the pool's OS user that
     * lives while the standby runs (the standby reads it at every reconnection), outside the pool.
     */
    private String primaryConninfo() {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("application_name", "dblab_standby");
        if (source.password() != null) {
            PasswordFiles.PasswordFile file = source.passwordFiles().create(ctl.user(), source.password());
            PasswordFiles.PasswordFile previous = standbyPassword.getAndSet(file);
            if (previous != null) {
                previous.close();
            }
            parameters.put("passfile", file.path().toString());
        }
        return source.with(parameters);
    }

    private void dropStandbyPassword() {
        PasswordFiles.PasswordFile file = standbyPassword.getAndSet(null);
        if (file != null) {
            file.close();
        }
    }

    private static void deleteOldPassFile(PoolProvider pool) {
        try {
            Files.deleteIfExists(pool.root().resolve(OLD_PASSFILE));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + pool.root().resolve(OLD_PASSFILE), e);
        }
    }

    /**
     * Snapshots the standby's current state: an atomic copy of its data directory is started as a
     * standby with nothing to stream from, promoted, given random passwords for other login roles,
     * checkpointed and stopped cleanly; that copy becomes the snapshot.
     */
    @Override
    public SnapshotRecord snapshot(PoolProvider pool) {
        status.moveTo("snapshotting");
        LocalServer running = standby.get();
        if (running == null) {
            throw new IllegalStateException("the standby of pool " + pool.name() + " is not running");
        }
        Instant dataStateAt = lastReplayTime(running);
        String stamp = STAMP.format(Instant.now());
        String pre = "snapshot_" + stamp + SnapshotService.UNFINISHED_SUFFIX;
        String promoteId = "promote_" + stamp;
        LocalServer copy = null;
        try {
            if (checkpointSource) {
                awaitFreshSourceCheckpoint(running);
            }
            // a restartpoint at the newest checkpoint record the standby has replayed
            running.psql().run("postgres", "CHECKPOINT");
            pool.createSnapshot(pre);
            pool.createClone(pre, promoteId);
            Path copyDir = pool.clonePath(promoteId);
            Files.deleteIfExists(copyDir.resolve("postmaster.pid"));
            copy = new LocalServer(ctl, copyDir, freePort());
            copy.start("", promotionSettings, Duration.ofHours(2));
            ctl.promote(copyDir);
            if (!keepUserPasswords) {
                LoginRoles.randomizePasswords(copy.psql());
            }
            MaskedDataDir masked = masking.apply(copy, copyDir, () -> pool.deleteClone(promoteId));
            copy.psql().run("postgres", "CHECKPOINT");
            copy.stop("fast");
            copy = null;
            masked.cleanAndVerify();
            // the copy's settings (fsync off …) must not travel with the snapshot
            PgConf.writeIncluded(copyDir, LocalServer.SETTINGS_FILE, Map.of());
            Files.deleteIfExists(copyDir.resolve(LocalServer.LOG_FILE_NAME));
            SnapshotRecord snapshot = snapshots.createFromClone(pool, promoteId, dataStateAt, "physical snapshot");
            status.finished(Instant.now());
            return snapshot;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            boolean interrupted = Thread.interrupted();
            if (copy != null) {
                copy.stop("immediate");
            }
            if (pool.listClones().contains(promoteId)) {
                pool.deleteClone(promoteId);
            }
            if (pool.listSnapshots().contains(pre)) {
                pool.deleteSnapshot(pre);
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * With {@code retrieval.physical.checkpointSource}: asks the source for a checkpoint and waits,
     * at most {@link #SOURCE_CHECKPOINT_REPLAY}, for the standby to replay past it. A standby can
     * only make a restartpoint where the source wrote a checkpoint, and the promoted copy replays the
     * WAL from there: under write load this is all that the source wrote since its last checkpoint.
     * The price is an immediate checkpoint on the source, which is why it is not the default. A
     * standby that lags further is snapshotted from the restartpoint it can make.
     */
    private void awaitFreshSourceCheckpoint(LocalServer standby) {
        String lsn = source.checkpoint();
        if (!lsn.matches("[0-9A-F]+/[0-9A-F]+")) {
            throw new IllegalStateException("the source answered its WAL position with \"" + lsn + "\"");
        }
        // short queries, polled: a long one on the standby could hold back the very replay it waits for
        long deadline = System.nanoTime() + SOURCE_CHECKPOINT_REPLAY.toNanos();
        String replayedPast = "SELECT pg_catalog.pg_last_wal_replay_lsn() >= '" + lsn + "'::pg_catalog.pg_lsn";
        while (!"t".equals(standby.psql().run("postgres", replayedPast).strip())) {
            if (System.nanoTime() > deadline) {
                LOG.warn("the standby has not replayed the source's checkpoint at {} within {} s; snapshotting from an"
                        + " older restartpoint", lsn, SOURCE_CHECKPOINT_REPLAY.toSeconds());
                return;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while the standby replayed the source's checkpoint", e);
            }
        }
    }

    /**
     * The promotion copy replays the WAL since the standby's last restartpoint (up to the source's
     * max_wal_size under write load) and then writes every page it changed. Room for those pages in
     * shared_buffers spares writing them again and again during replay, and nothing it writes needs
     * to reach the disk before the snapshot, which is durable on its own (PoolProvider#createSnapshot):
     * a crash throws the copy away.
     */
    private static Map<String, String> promotionSettings(String sharedBuffers) {
        return Map.of("hot_standby", "on", "primary_conninfo", "", "shared_buffers", sharedBuffers,
                "fsync", "off", "full_page_writes", "off", "synchronous_commit", "off");
    }

    /**
     * When the last replayed transaction committed on the source. A standby that has replayed none
     * since it started (an idle source after an engine restart) gives the time of the source
     * checkpoint it restarted from: its data is at least that recent, and "now" could claim data
     * that the source had not written yet.
     */
    static Instant lastReplayTime(LocalServer standby) {
        String value = standby.psql().run("postgres", "SELECT pg_catalog.to_char(coalesce("
                + "pg_catalog.pg_last_xact_replay_timestamp(),"
                + " (SELECT checkpoint_time FROM pg_catalog.pg_control_checkpoint())) AT TIME ZONE 'UTC',"
                + " 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')").strip();
        return OffsetDateTime.parse(value).toInstant();
    }

    private static void touch(Path file) {
        try {
            if (!Files.exists(file)) {
                Files.createFile(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + file, e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
