package io.dblab.bench;

import io.dblab.pg.process.Command;
import io.dblab.pg.process.OsUser;
import io.dblab.pg.server.PgInstallation;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A PostgreSQL data directory run by hand, the way the engine runs a clone but with nothing of the
 * engine in between: the same settings file ({@code postgresql.dblab.conf}, included last by
 * postgresql.conf), the same pg_hba.conf, pg_ctl as the postgres OS user, psql over a private socket.
 */
final class RawServer {
    /** The file the engine writes on every clone start; writing the same one gives the floor the same settings. */
    private static final String SETTINGS_FILE = "postgresql.dblab.conf";
    private static final OsUser POSTGRES = OsUser.forPostgres();
    /** What the engine sets for every clone besides port and socket directory. */
    private static final Map<String, String> CLONE_SETTINGS = orderedSettings(
            "listen_addresses", "127.0.0.1", "shared_buffers", "16MB", "password_encryption", "scram-sha-256");

    private final Path dataDir;
    private final int port;
    private final Path socketDir;

    RawServer(Path dataDir, int port, Path socketDir) {
        this.dataDir = dataDir;
        this.port = port;
        this.socketDir = socketDir;
    }

    Path dataDir() {
        return dataDir;
    }

    int port() {
        return port;
    }

    /** Clone settings (as ClonePostgres and LocalServer write them), pg_hba.conf, then pg_ctl start -w. */
    void start() throws IOException {
        start(CLONE_SETTINGS);
    }

    /**
     * Port and socket directory, then {@code settings}, in our settings file; pg_hba.conf; then
     * pg_ctl start -w.
     */
    void start(Map<String, String> settings) throws IOException {
        StringBuilder text = new StringBuilder();
        text.append("port = '").append(port).append("'\n");
        text.append("unix_socket_directories = '").append(socketDir).append("'\n");
        settings.forEach((name, value) -> text.append(name).append(" = '").append(value).append("'\n"));
        Files.writeString(dataDir.resolve(SETTINGS_FILE), text, StandardCharsets.UTF_8);
        Path main = dataDir.resolve("postgresql.conf");
        String include = "include_if_exists '" + SETTINGS_FILE + "'";
        if (!Files.readString(main).contains(include)) {
            Files.writeString(main, "\n" + include + "\n", StandardOpenOption.APPEND);
        }
        Files.writeString(dataDir.resolve("pg_hba.conf"), """
                local all all trust
                host all all 0.0.0.0/0 scram-sha-256
                host all all ::/0 scram-sha-256
                """, StandardCharsets.UTF_8);
        Files.createDirectories(socketDir);
        Files.setPosixFilePermissions(socketDir, PosixFilePermissions.fromString("rwx------"));
        POSTGRES.own(socketDir);
        Command.of(tool("pg_ctl"), "start", "-D", dataDir.toString(), "-l", dataDir.resolve("bench-server.log").toString(),
                "-w", "-t", "300").asUser(POSTGRES).timeout(Duration.ofMinutes(6)).check();
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
        Files.deleteIfExists(socketDir.resolve(".s.PGSQL." + port + ".lock"));
        Files.deleteIfExists(socketDir.resolve(".s.PGSQL." + port));
        Files.deleteIfExists(socketDir);
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
