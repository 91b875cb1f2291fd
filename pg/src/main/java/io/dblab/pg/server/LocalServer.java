package io.dblab.pg.server;

import io.dblab.pg.process.OsUser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A PostgreSQL server on this machine, started from a data directory with our settings: its port,
 * listen addresses and a private socket directory ({@code /tmp/dblab-<port>}, mode 0700, owned by
 * the postgres OS user) through which {@link Psql} manages it.
 */
public final class LocalServer {
    public static final String SETTINGS_FILE = "postgresql.dblab.conf";
    public static final String LOG_FILE_NAME = "dblab-server.log";
    private final PgCtl ctl;
    private final Path dataDir;
    private final int port;

    public LocalServer(PgCtl ctl, Path dataDir, int port) {
        this.ctl = ctl;
        this.dataDir = dataDir;
        this.port = port;
    }

    /**
     * Stops whatever server runs from {@code dataDir}, such as one an earlier engine process started
     * and then lost, and removes its socket directory, whose port is named in the pid file.
     */
    public static void stopRunning(PgCtl ctl, Path dataDir, String mode) {
        long port = PostmasterPidFile.port(dataDir);
        if (port > 0) {
            new LocalServer(ctl, dataDir, (int) port).stop(mode);
        } else {
            ctl.stop(dataDir, mode);
        }
    }

    public Path dataDir() {
        return dataDir;
    }

    public int port() {
        return port;
    }

    public Path socketDir() {
        return socketDirFor(port);
    }

    public static Path socketDirFor(int port) {
        return Path.of("/tmp", "dblab-" + port);
    }

    public Path logFile() {
        return dataDir.resolve(LOG_FILE_NAME);
    }

    /** Writes the settings (ours after the caller's) and pg_hba.conf, then starts and waits. */
    public void start(String listenAddresses, Map<String, String> settings, Duration timeout) {
        Map<String, String> all = new LinkedHashMap<>(settings);
        all.put("port", Integer.toString(port));
        all.put("listen_addresses", listenAddresses);
        all.put("unix_socket_directories", socketDir().toString());
        PgConf.writeIncluded(dataDir, SETTINGS_FILE, all);
        PgConf.writeHba(dataDir);
        prepareSocketDir(ctl.user());
        ctl.start(dataDir, logFile(), timeout);
    }

    public void stop(String mode) {
        ctl.stop(dataDir, mode);
        try {
            Files.deleteIfExists(socketDir().resolve(".s.PGSQL." + port + ".lock"));
            Files.deleteIfExists(socketDir().resolve(".s.PGSQL." + port));
            Files.deleteIfExists(socketDir());
        } catch (IOException e) {
            // a socket directory left behind is harmless: the next start reuses it
        }
    }

    public boolean isRunning() {
        return ctl.isRunning(dataDir);
    }

    public Psql psql() {
        return new Psql(ctl.installation(), socketDir(), port);
    }

    private void prepareSocketDir(OsUser user) {
        Path dir = socketDir();
        try {
            Files.createDirectories(dir);
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
            user.own(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare socket directory " + dir, e);
        }
    }
}
