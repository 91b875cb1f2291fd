package io.dblab.cli.demo;

import io.dblab.pg.process.OsUser;
import io.dblab.pg.server.LocalServer;
import io.dblab.pg.server.PgCtl;
import io.dblab.pg.server.PgInstallation;
import io.dblab.pg.server.Psql;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/** The throwaway PostgreSQL server the demo takes its data from, standing in for a production database. */
final class SourcePostgres {
    /**
     * The source is deleted at the end and rebuilt on every run, so a crash costs nothing; giving up
     * durability makes loading the sample several times faster. pg_stat_statements is preloaded as
     * on a production server, so the demo clone has query statistics.
     */
    private static final Map<String, String> SETTINGS = Map.of(
            "shared_preload_libraries", "pg_stat_statements",
            "fsync", "off",
            "synchronous_commit", "off",
            "full_page_writes", "off",
            "max_wal_size", "1GB",
            "maintenance_work_mem", "256MB");
    private static final Duration START_TIMEOUT = Duration.ofMinutes(2);

    private final LocalServer server;

    private SourcePostgres(LocalServer server) {
        this.server = server;
    }

    /** Creates the cluster in {@code <dir>/data}; it is not running yet. */
    static SourcePostgres create(Path dir) {
        PgCtl ctl = new PgCtl(PgInstallation.defaultInstallation(), OsUser.forPostgres());
        Path dataDir = dir.resolve("data");
        ctl.initdb(dataDir);
        return new SourcePostgres(new LocalServer(ctl, dataDir, freeLoopbackPort()));
    }

    void start() {
        server.start("127.0.0.1", SETTINGS, START_TIMEOUT);
    }

    /** A clean (fast) shutdown; does nothing when the server is not running. */
    void stop() {
        server.stop("fast");
    }

    int port() {
        return server.port();
    }

    /** Sessions for the demo's own schema and data: with the database's settings, not the engine's. */
    Psql psql() {
        return server.psql().withDatabaseSettings();
    }

    /**
     * How the engine's retrieval connects: the superuser over the server's private Unix socket,
     * which initdb set to trust, so no password has to exist anywhere.
     */
    String connStr() {
        return "host=" + server.socketDir() + " port=" + server.port() + " user=postgres";
    }

    private static int freeLoopbackPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find a free port: " + e.getMessage(), e);
        }
    }
}
