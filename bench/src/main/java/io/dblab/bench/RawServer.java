package io.dblab.bench;

import io.dblab.engine.clone.ClonePostgres;
import io.dblab.pg.process.Command;
import io.dblab.pg.process.OsUser;
import io.dblab.pg.process.PrivateDirectory;
import io.dblab.pg.server.LocalServer;
import io.dblab.pg.server.PgConf;
import io.dblab.pg.server.PgInstallation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A PostgreSQL data directory run by hand, the way the engine runs a clone but with nothing of the
 * engine in between: the engine's settings file ({@code postgresql.dblab.conf}, included last by
 * postgresql.conf), pg_hba.conf and pg_ident.conf ({@link PgConf}), its socket directory rule
 * ({@link LocalServer#socketDirOf}: beside the data directory, private to the server's user), then
 * pg_ctl start -w as the postgres OS user and psql over the socket (peer authentication).
 */
final class RawServer {
    private static final OsUser POSTGRES = OsUser.forPostgres();
    /** What the engine sets for every clone besides port and socket directory. */
    private static final Map<String, String> CLONE_SETTINGS = cloneSettings();

    private final Path dataDir;
    private final int port;
    private final Path socketDir;

    private static Map<String, String> cloneSettings() {
        Map<String, String> settings = orderedSettings("listen_addresses", "127.0.0.1");
        settings.putAll(ClonePostgres.settings("16MB"));
        return settings;
    }

    /** {@code dataDir}'s parent must be a directory of ours (root's), where the socket directory goes. */
    RawServer(Path dataDir, int port) {
        this.dataDir = dataDir;
        this.port = port;
        this.socketDir = LocalServer.socketDirOf(dataDir, port);
    }

    Path dataDir() {
        return dataDir;
    }

    int port() {
        return port;
    }

    /** Clone settings (as ClonePostgres and LocalServer write them), pg_hba.conf, then pg_ctl start -w. */
    void start() {
        start(CLONE_SETTINGS);
    }

    /**
     * {@code settings}, then port and socket directory, in the engine's settings file; the engine's
     * pg_hba.conf; a new socket directory; then pg_ctl start -w.
     */
    void start(Map<String, String> settings) {
        Map<String, String> all = new LinkedHashMap<>(settings);
        all.put("port", Integer.toString(port));
        all.put("unix_socket_directories", socketDir.toString());
        PgConf.writeIncluded(dataDir, LocalServer.SETTINGS_FILE, all);
        PgConf.writeHba(dataDir);
        PrivateDirectory.ensure(socketDir.getParent(), "rwx--x--x");
        PrivateDirectory.recreate(socketDir, POSTGRES);
        Command.of(tool("pg_ctl"), "start", "-D", dataDir.toString(), "-l", dataDir.resolve("bench-server.log").toString(),
                "-w", "-t", "300").asUser(POSTGRES).timeout(Duration.ofMinutes(6)).check();
    }

    /** The socket directory, for other tools that connect over it. */
    Path socketDir() {
        return socketDir;
    }

    /** Runs SQL as the superuser over the private socket; SQL goes on stdin, like the engine's role verifiers. */
    void psql(String sql) {
        Command.of(tool("psql"), "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", socketDir.toString(),
                "-p", Integer.toString(port), "-U", "postgres", "-d", "postgres", "-f", "-").stdin(sql).check();
    }

    /** Stops at once, as the engine stops a clone whose data is about to go; a server that is not running is fine. */
    void stopImmediately() {
        if (Files.exists(dataDir.resolve("postmaster.pid"))) {
            Command.of(tool("pg_ctl"), "stop", "-D", dataDir.toString(), "-m", "immediate", "-w")
                    .asUser(POSTGRES).timeout(Duration.ofMinutes(2)).check();
        }
    }

    void deleteSocketDir() throws IOException {
        PrivateDirectory.deleteTree(socketDir);
    }

    /** name, value, name, value … in this order. */
    static Map<String, String> orderedSettings(String... namesAndValues) {
        Map<String, String> settings = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            settings.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return settings;
    }

    static String tool(String name) {
        return PgInstallation.DEFAULT_BIN_DIR.resolve(name).toString();
    }
}
