package io.dblab.pg.server;

import io.dblab.pg.process.PrivateDirectory;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A PostgreSQL server on this machine, started from a data directory with our settings: its port,
 * listen addresses and a private socket directory through which {@link Psql} manages it. The socket
 * directory lies beside the data directory, {@code <parent>/.sockets/<port>}: in a directory of the
 * engine's (never /tmp), mode 0700 and owned by the server's OS user, so no other identity can
 * reach the socket.
 */
public final class LocalServer {
    public static final String SETTINGS_FILE = "postgresql.dblab.conf";
    public static final String LOG_FILE_NAME = "dblab-server.log";
    /** The directory of socket directories, beside each data directory. */
    public static final String SOCKETS_DIR = ".sockets";
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

    /** The pid that {@code dataDir}'s {@code postmaster.pid} names; -1 when there is none (the process may have ended). */
    public static long postmasterPid(Path dataDir) {
        return PostmasterPidFile.pid(dataDir);
    }

    public Path dataDir() {
        return dataDir;
    }

    public int port() {
        return port;
    }

    public Path socketDir() {
        return socketDirOf(dataDir, port);
    }

    /** The socket directory of a server on {@code port} running from {@code dataDir}. */
    public static Path socketDirOf(Path dataDir, int port) {
        return dataDir.toAbsolutePath().normalize().resolveSibling(SOCKETS_DIR).resolve(Integer.toString(port));
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
        PrivateDirectory.ensure(socketDir().getParent(), "rwx--x--x");
        PrivateDirectory.recreate(socketDir(), ctl.user());
        ctl.start(dataDir, logFile(), timeout);
    }

    public void stop(String mode) {
        ctl.stop(dataDir, mode);
        try {
            PrivateDirectory.deleteTree(socketDir());
        } catch (IOException e) {
            // a socket directory left behind is harmless: the next start replaces it
        }
    }

    public boolean isRunning() {
        return ctl.isRunning(dataDir);
    }

    public Psql psql() {
        return new Psql(ctl.installation(), socketDir(), port);
    }
}
