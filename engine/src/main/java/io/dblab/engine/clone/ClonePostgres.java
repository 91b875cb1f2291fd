package io.dblab.engine.clone;

import io.dblab.engine.isolation.CloneIsolation;
import io.dblab.pg.process.OsUser;
import io.dblab.pg.process.PrivateDirectory;
import io.dblab.pg.server.LocalServer;
import io.dblab.pg.server.PgCtl;
import io.dblab.pg.server.PgInstallation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Runs a clone's PostgreSQL server: clone settings (the engine's, then the operator's
 * {@code provision.cloneSettings}, then the request's extra settings), listening on the access host, started with pg_ctl as the clone's own OS identity
 * ({@link CloneIsolation}) on its copy, which is handed to that identity first.
 */
public final class ClonePostgres {
    private static final Duration START_TIMEOUT = Duration.ofMinutes(5);
    private final PgInstallation installation;
    private final CloneIsolation isolation;
    private final String accessHost;
    private final String sharedBuffers;
    /** The engine's settings with the operator's over them; replaced whole by {@link #useCloneSettings}. */
    private volatile Map<String, String> cloneSettings;

    /**
     * @param cloneSettings the operator's settings for every clone, over {@link #settings}; see
     *                      {@link #checkCloneSettings}
     */
    public ClonePostgres(PgInstallation installation, CloneIsolation isolation, String accessHost, String sharedBuffers,
                         Map<String, String> cloneSettings) {
        this.installation = installation;
        this.isolation = isolation;
        this.accessHost = accessHost;
        this.sharedBuffers = sharedBuffers;
        useCloneSettings(cloneSettings);
    }

    /**
     * The operator's settings for the servers started from now on (new clones, resets, restarts),
     * in place of the previous ones ({@code POST /admin/config}); checked beforehand with
     * {@link #checkCloneSettings}. Running servers keep theirs.
     */
    public void useCloneSettings(Map<String, String> operatorSettings) {
        Map<String, String> settings = settings(sharedBuffers);
        settings.putAll(operatorSettings);
        cloneSettings = settings;
    }

    /** Refuses extra settings off the allowlist or with values PostgreSQL would refuse, before anything is created. */
    public void checkExtraConf(Map<String, String> extraConf) {
        ExtraConf.check(extraConf, "extra_conf", installation, OsUser.forPostgres());
    }

    /** The operator's settings for every clone, checked as extra settings are, which may also name installed preload libraries. */
    public void checkCloneSettings(Map<String, String> cloneSettings) {
        ExtraConf.checkOperatorSettings(cloneSettings, "provision.cloneSettings", installation, OsUser.forPostgres());
    }

    public LocalServer server(Path dataDir, int port) {
        return new LocalServer(new PgCtl(installation, isolation.identityFor(port)), dataDir, port);
    }

    /** The uid that the clone on {@code port} runs as alone; empty when clones run as the engine's user. */
    public OptionalLong identityUid(int port) {
        return isolation.enabled() ? OptionalLong.of(isolation.identityFor(port).uid()) : OptionalLong.empty();
    }

    /**
     * What every clone gets before the operator's and the request's settings, which may change any of
     * it. Idle clones should cost next to nothing, hundreds at a time (figures from
     * bench/run-accumulation-bench.sh and by hand, PSS per idle clone):
     * <ul>
     * <li>no logical replication launcher: a process in every clone, for subscriptions a clone seldom has;
     * <li>autovacuum visits each database every 5 minutes instead of every minute: each visit starts
     *     a worker process that reads the catalogs, which is most of what an idle server spends;
     * <li>no WAL senders: a clone is nobody's primary, and each sender slot is a process slot in every
     *     shared table (0.25 MiB);
     * <li>64 kB of WAL buffers instead of 1/32 of shared_buffers, all of which PostgreSQL zeroes at
     *     start (0.4 MiB); only heavy concurrent writing waits for WAL writes more often;
     * <li>32 predicate locks per transaction instead of 64: the table is preallocated for every
     *     process slot (0.8 MiB); only many concurrent serializable transactions need more.
     * </ul>
     */
    public static Map<String, String> settings(String sharedBuffers) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("shared_buffers", sharedBuffers);
        settings.put("password_encryption", "scram-sha-256");
        settings.put("max_logical_replication_workers", "0");
        settings.put("autovacuum_naptime", "5min");
        settings.put("max_wal_senders", "0");
        settings.put("wal_buffers", "64kB");
        settings.put("max_pred_locks_per_transaction", "32");
        return settings;
    }

    public LocalServer start(Path dataDir, int port, Map<String, String> extraConf) {
        Map<String, String> settings = new LinkedHashMap<>(cloneSettings);
        settings.putAll(extraConf);
        isolation.isolate(dataDir, port);
        LocalServer server = server(dataDir, port);
        removeForeignLockFile(dataDir);
        server.start(accessHost, settings, START_TIMEOUT);
        return server;
    }

    /**
     * A lock file that names another data directory was copied in with the data (a snapshot of a
     * running clone): its process is another clone's server, so PostgreSQL would refuse to start
     * here while that one runs. It says nothing about this directory, so it goes.
     */
    static void removeForeignLockFile(Path dataDir) {
        if (hasForeignLockFile(dataDir)) {
            try {
                Files.deleteIfExists(dataDir.resolve("postmaster.pid"));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot remove the stale postmaster.pid in " + dataDir, e);
            }
        }
    }

    private static boolean hasForeignLockFile(Path dataDir) {
        Path self = dataDir.toAbsolutePath().normalize();
        return lockFileOwner(dataDir).filter(owner -> !owner.equals(self)).isPresent();
    }

    /** The data directory named in the lock file (its second line), when there is a readable one. */
    private static Optional<Path> lockFileOwner(Path dataDir) {
        try {
            List<String> lines = Files.readAllLines(dataDir.resolve("postmaster.pid"));
            return lines.size() > 1 ? Optional.of(Path.of(lines.get(1).strip()).toAbsolutePath().normalize())
                    : Optional.empty();
        } catch (IOException | InvalidPathException e) {
            return Optional.empty();
        }
    }

    /**
     * Stops whatever server runs on this data directory, at once, and takes the directory back from
     * the clone's identity: its data is about to be deleted or replaced. The port comes from
     * postmaster.pid, so this also works for servers no clone owns (a promotion copy left by a
     * killed engine runs as the pool's server user on a port outside the clone range), and the
     * socket directory of that port goes too.
     */
    public void stopAny(Path dataDir) {
        int port = lockFilePort(dataDir);
        if (port > 0) {
            new LocalServer(new PgCtl(installation, isolation.serverUserOn(port)), dataDir, port).stop("immediate");
        }
        isolation.release(dataDir);
        if (port > 0) {
            try {
                PrivateDirectory.deleteTree(LocalServer.socketDirOf(dataDir, port));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot remove the socket directory of " + dataDir, e);
            }
        }
    }

    /**
     * The port in this directory's own lock file, or 0: none, or one copied in from another
     * directory, whose process and socket directory belong to that other server and must be left alone.
     */
    private static int lockFilePort(Path dataDir) {
        Path pidFile = dataDir.resolve("postmaster.pid");
        if (!Files.exists(pidFile) || hasForeignLockFile(dataDir)) {
            return 0;
        }
        try {
            List<String> lines = Files.readAllLines(pidFile);
            return lines.size() > 3 ? Integer.parseInt(lines.get(3).strip()) : 0;
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
    }
}
