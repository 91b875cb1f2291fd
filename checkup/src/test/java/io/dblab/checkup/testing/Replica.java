package io.dblab.checkup.testing;

import io.dblab.pg.process.Command;
import io.dblab.pg.process.OsUser;
import io.dblab.pg.server.LocalServer;
import io.dblab.pg.server.PgCtl;
import io.dblab.pg.server.PgInstallation;
import io.dblab.testkit.FreePorts;
import io.dblab.testkit.TempDirs;
import io.dblab.testkit.TestPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * A streaming standby of a {@link TestPostgres}, made with {@code pg_basebackup -R} through the
 * primary's private Unix socket (where replication connections are trusted) and started on a port
 * of its own with the given settings. {@link #close()} stops it and deletes its directory.
 */
public final class Replica implements AutoCloseable {
    private final Path baseDir;
    private final LocalServer server;

    private Replica(Path baseDir, LocalServer server) {
        this.baseDir = baseDir;
        this.server = server;
    }

    public static Replica of(TestPostgres primary, Map<String, String> settings) {
        PgInstallation pg = PgInstallation.at(TestPostgres.BIN_DIR);
        PgCtl ctl = new PgCtl(pg, OsUser.forPostgres());
        Path base;
        try {
            base = Files.createTempDirectory("dblab-replica-");
            ctl.user().own(base);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Path data = base.resolve("data");
        LocalServer server = new LocalServer(ctl, data, FreePorts.next());
        Replica replica = new Replica(base, server);
        try {
            Command.of(pg.tool("pg_basebackup"), "-h", primary.server().socketDir().toString(),
                            "-p", Integer.toString(primary.port()), "-U", "postgres", "-D", data.toString(),
                            "-R", "-X", "stream", "--checkpoint=fast")
                    .asUser(ctl.user()).timeout(Duration.ofMinutes(3)).check();
            server.start("127.0.0.1", settings, Duration.ofSeconds(60));
            replica.awaitStreaming(primary, Duration.ofSeconds(60));
        } catch (RuntimeException e) {
            replica.close();
            throw e;
        }
        return replica;
    }

    private void awaitStreaming(TestPostgres primary, Duration limit) {
        Instant deadline = Instant.now().plus(limit);
        while (Instant.now().isBefore(deadline)) {
            String state = primary.psql().run("postgres", "SELECT count(*) FROM pg_stat_replication WHERE state = 'streaming'").trim();
            if (!state.equals("0")) {
                return;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
        throw new IllegalStateException("the standby did not start streaming within " + limit);
    }

    public int port() {
        return server.port();
    }

    public LocalServer server() {
        return server;
    }

    @Override
    public void close() {
        server.stop("immediate");
        TempDirs.deleteRecursively(baseDir);
    }
}
