package io.dblab.platform.storage;

import io.dblab.pg.process.OsUser;
import io.dblab.pg.server.LocalServer;
import io.dblab.pg.server.PgCtl;
import io.dblab.pg.server.PgInstallation;
import io.dblab.serverkit.StartupException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Platform's own PostgreSQL, when no database URL is configured. Under its directory:
 * {@code pgdata/} (the cluster, made with initdb as the {@code postgres} OS user when the Platform runs
 * as root), {@code .sockets/} (the server's private socket directory: it listens on no TCP port) and
 * {@code platform.lock}, held while a Platform uses the directory, so a second one on it is refused and
 * a server left running by a Platform that died is recognised as such and restarted.
 *
 * <p>The superuser {@code postgres}, reached by peer authentication over the socket, owns the schema
 * and runs the migrations; the application connects as {@value #APP_ROLE}, whose password is made
 * anew at every start and is never written down.
 */
public final class EmbeddedPostgres implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedPostgres.class);
    public static final String DATABASE = "platform";
    public static final String APP_ROLE = "dblab_platform";
    /** Names the socket file only: the server listens on no TCP port. */
    static final int SOCKET_PORT = 5432;
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

    private final Path baseDir;
    private final FileChannel lockFile;
    private final FileLock lock;
    private final LocalServer server;

    private EmbeddedPostgres(Path baseDir, FileChannel lockFile, FileLock lock, LocalServer server) {
        this.baseDir = baseDir;
        this.lockFile = lockFile;
        this.lock = lock;
        this.server = server;
    }

    /** Initializes the directory when it is new, starts the server and returns once it accepts connections. */
    public static EmbeddedPostgres start(Path baseDir) {
        prepareBaseDir(baseDir);
        FileChannel lockFile = null;
        try {
            lockFile = FileChannel.open(baseDir.resolve("platform.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = tryLock(lockFile);
            if (lock == null) {
                throw new StartupException("another Platform uses the embedded database in " + baseDir,
                        "stop it first, or give this one its own database.dataDir");
            }
            PgCtl ctl = new PgCtl(PgInstallation.defaultInstallation(), OsUser.forPostgres());
            Path dataDir = baseDir.resolve("pgdata");
            if (!Files.exists(dataDir.resolve("PG_VERSION"), LinkOption.NOFOLLOW_LINKS)) {
                LOG.info("initializing the Platform's embedded PostgreSQL in {}", dataDir);
                ctl.initdb(dataDir);
            } else {
                // We hold the lock, so a server still running here was left by a Platform that died.
                LocalServer.stopRunning(ctl, dataDir, "fast");
            }
            LocalServer server = new LocalServer(ctl, dataDir, SOCKET_PORT);
            server.start("", Map.of("max_connections", "50"), START_TIMEOUT);
            return new EmbeddedPostgres(baseDir, lockFile, lock, server);
        } catch (IOException e) {
            close(lockFile);
            throw new StartupException("cannot lock the embedded database in " + baseDir + " ("
                    + StartupException.reason(e) + ")", "set database.dataDir to a directory the Platform can write");
        } catch (RuntimeException e) {
            close(lockFile);
            throw e;
        }
    }

    /** The superuser over the socket, by peer authentication: the owner of the schema. */
    public ConnectionSettings owner() {
        return new ConnectionSettings("jdbc:postgresql://localhost/" + DATABASE, "postgres", "", Map.of(
                "socketFactory", UnixSocketFactory.class.getName(),
                "socketFactoryArg", server.socketDir().resolve(".s.PGSQL." + SOCKET_PORT).toString(),
                "sslmode", "disable", "gssEncMode", "disable", "ApplicationName", "dblab-platform"));
    }

    /**
     * Makes the database and the application's role when they are missing, gives the role a new random
     * password, and returns how to connect as it.
     */
    public ConnectionSettings prepareAppRole() {
        String password = RandomSecrets.text(32);
        try (Connection c = owner().onDatabase("postgres").dataSource().getConnection(); Statement s = c.createStatement()) {
            if (!s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + DATABASE + "'").next()) {
                s.execute("CREATE DATABASE " + DATABASE);
            }
            if (!s.executeQuery("SELECT 1 FROM pg_roles WHERE rolname = '" + APP_ROLE + "'").next()) {
                s.execute("CREATE ROLE " + APP_ROLE + " LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION");
            }
            // the driver computes the SCRAM verifier: the password itself never reaches the server or its log
            c.unwrap(PGConnection.class).alterUserPassword(APP_ROLE, password.toCharArray(), "scram-sha-256");
        } catch (SQLException e) {
            throw new StartupException("cannot prepare the embedded database in " + baseDir + " (" + e.getMessage() + ")",
                    "see " + server.logFile());
        }
        return owner().as(APP_ROLE, password);
    }

    public Path baseDir() {
        return baseDir;
    }

    /** Stops the server (fast: clean, with a checkpoint) and gives up the directory. */
    @Override
    public void close() {
        try {
            server.stop("fast");
        } finally {
            try {
                lock.release();
            } catch (IOException e) {
                LOG.warn("cannot release {}: {}", baseDir.resolve("platform.lock"), e.getMessage());
            }
            close(lockFile);
        }
    }

    private static void prepareBaseDir(Path baseDir) {
        try {
            if (!Files.isDirectory(baseDir, LinkOption.NOFOLLOW_LINKS)) {
                Files.createDirectories(baseDir.getParent());
                Files.createDirectory(baseDir);
            }
            // the server's user passes through to its data and socket directories; nobody else may list or write
            Files.setPosixFilePermissions(baseDir, PosixFilePermissions.fromString("rwx--x--x"));
        } catch (IOException e) {
            throw new StartupException("cannot create the embedded database's directory " + baseDir + " ("
                    + StartupException.reason(e) + ")", "set database.dataDir to a directory the Platform can write");
        }
    }

    /** Null when another process holds the lock, or another Platform in this JVM (which Java reports apart). */
    private static FileLock tryLock(FileChannel file) throws IOException {
        try {
            return file.tryLock();
        } catch (OverlappingFileLockException e) {
            return null;
        }
    }

    private static void close(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // closing a lock file cannot lose anything
            }
        }
    }
}
