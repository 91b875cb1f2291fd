package io.dblab.testkit;

import io.dblab.pg.process.Command;
import io.dblab.pg.process.OsUser;
import io.dblab.pg.server.LocalServer;
import io.dblab.pg.server.PgCtl;
import io.dblab.pg.server.PgInstallation;
import io.dblab.pg.server.Psql;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;

/**
 * A throwaway PostgreSQL server for a test: its own data directory under a temporary directory, a
 * free port on 127.0.0.1, superuser {@code postgres} with a password for TCP clients. {@link #close()}
 * stops it and deletes everything.
 */
public final class TestPostgres implements AutoCloseable {
    public static final Path BIN_DIR = PgInstallation.DEFAULT_BIN_DIR;
    public static final String PASSWORD = "test-superuser-password";
    private final Path baseDir;
    private final LocalServer server;

    private TestPostgres(Path baseDir, LocalServer server) {
        this.baseDir = baseDir;
        this.server = server;
    }

    public static TestPostgres start() {
        return start(Map.of());
    }

    public static TestPostgres start(Map<String, String> settings) {
        Requirements.requirePostgres();
        PgCtl ctl = new PgCtl(PgInstallation.at(BIN_DIR), OsUser.forPostgres());
        Path base = newBaseDir();
        Path data = base.resolve("data");
        ctl.initdb(data);
        LocalServer server = new LocalServer(ctl, data, FreePorts.next());
        TestPostgres pg = new TestPostgres(base, server);
        try {
            server.start("127.0.0.1", settings, Duration.ofSeconds(60));
            server.psql().run("postgres", "ALTER ROLE postgres PASSWORD '" + PASSWORD + "'");
        } catch (RuntimeException e) {
            pg.close();
            throw e;
        }
        return pg;
    }

    /**
     * A streaming standby of this server on a port of its own, with these settings (hot_standby is
     * PostgreSQL's default): a base backup ({@code pg_basebackup -R -c fast}) over this server's
     * private socket, where replication connections are trusted. Returns once it streams.
     */
    public TestPostgres startStandby(Map<String, String> settings) {
        PgCtl ctl = new PgCtl(PgInstallation.at(BIN_DIR), OsUser.forPostgres());
        Path base = newBaseDir();
        Path data = base.resolve("data");
        LocalServer standby = new LocalServer(ctl, data, FreePorts.next());
        TestPostgres pg = new TestPostgres(base, standby);
        try {
            ctl.createDataDir(data);
            Command.of(ctl.installation().tool("pg_basebackup"), "-D", data.toString(), "-R", "-X", "stream",
                            "-c", "fast", "-h", server.socketDir().toString(), "-p", Integer.toString(port()), "-U", "postgres")
                    .asUser(ctl.user()).timeout(Duration.ofMinutes(5)).check();
            standby.start("127.0.0.1", settings, Duration.ofSeconds(60));
            awaitStreamingStandby(Duration.ofSeconds(60));
        } catch (RuntimeException e) {
            pg.close();
            throw e;
        }
        return pg;
    }

    private void awaitStreamingStandby(Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        String streaming = "SELECT count(*) FROM pg_stat_replication WHERE state = 'streaming'";
        while (psql().run("postgres", streaming).strip().equals("0")) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the standby did not start streaming within " + limit);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while the standby started", e);
            }
        }
    }

    /**
     * Lets replication connections in over TCP with the password, as a standby on another machine
     * connects (pg_hba.conf as the engine writes it lets them in only on the private socket, for
     * the OS user of PostgreSQL). Until the server is started again, which writes pg_hba.conf anew.
     */
    public void allowTcpReplication() {
        try {
            Files.writeString(server.dataDir().resolve("pg_hba.conf"), "host replication all 127.0.0.1/32 scram-sha-256\n",
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot allow replication in " + server.dataDir(), e);
        }
        psql().run("postgres", "SELECT pg_reload_conf()");
    }

    public int port() {
        return server.port();
    }

    public Psql psql() {
        return server.psql().withDatabaseSettings();
    }

    public LocalServer server() {
        return server;
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port() + "/" + database;
    }

    /** A libpq connection string for the superuser (the password goes separately, as PGPASSWORD). */
    public String connStr(String database) {
        return "host=127.0.0.1 port=" + port() + " user=postgres dbname=" + database;
    }

    private static Path newBaseDir() {
        try {
            // the engine's directory, which the server's user may only pass through (its socket lies here)
            Path base = Files.createTempDirectory("dblab-testpg-");
            Files.setPosixFilePermissions(base, PosixFilePermissions.fromString("rwx--x--x"));
            return base;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        server.stop("immediate");
        TempDirs.deleteRecursively(baseDir);
    }
}
