package io.dblab.pg.server;

import io.dblab.pg.process.Command;
import io.dblab.pg.process.OsUser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Creates, starts and stops PostgreSQL servers with initdb and pg_ctl, as the OS user that owns
 * their data directories. Server settings go into the data directory's configuration files rather
 * than onto pg_ctl's command line, which pg_ctl hands to a shell.
 */
public final class PgCtl {
    private final PgInstallation pg;
    private final OsUser user;

    public PgCtl(PgInstallation pg, OsUser user) {
        this.pg = pg;
        this.user = user;
    }

    public PgInstallation installation() {
        return pg;
    }

    public OsUser user() {
        return user;
    }

    /** A new cluster with superuser {@code postgres}; local (socket) connections are trusted. */
    public void initdb(Path dataDir) {
        Command.of(pg.tool("initdb"), "-D", dataDir.toString(), "-U", "postgres", "-E", "UTF8",
                        "--locale=C.UTF-8", "--auth-local=trust", "--auth-host=scram-sha-256")
                .asUser(user).timeout(Duration.ofMinutes(5)).check();
    }

    public void start(Path dataDir, Path logFile, Duration timeout) {
        Command.of(pg.tool("pg_ctl"), "start", "-D", dataDir.toString(), "-l", logFile.toString(), "-w",
                        "-t", Long.toString(Math.max(1, timeout.toSeconds())))
                .asUser(user).timeout(timeout.plusSeconds(10)).check();
    }

    /** Stops with {@code fast} (clean shutdown, checkpoint written) or {@code immediate}. */
    public void stop(Path dataDir, String mode) {
        if (!Files.exists(dataDir.resolve("postmaster.pid"))) {
            return;
        }
        Command.of(pg.tool("pg_ctl"), "stop", "-D", dataDir.toString(), "-m", mode, "-w", "-t", "60")
                .asUser(user).timeout(Duration.ofSeconds(90)).run();
    }

    /** Promotes a standby to a primary and waits until it accepts writes. */
    public void promote(Path dataDir) {
        Command.of(pg.tool("pg_ctl"), "promote", "-D", dataDir.toString(), "-w", "-t", "300")
                .asUser(user).timeout(Duration.ofMinutes(6)).check();
    }

    public boolean isRunning(Path dataDir) {
        if (!Files.exists(dataDir.resolve("postmaster.pid"))) {
            return false;
        }
        return Command.of(pg.tool("pg_ctl"), "status", "-D", dataDir.toString())
                .asUser(user).timeout(Duration.ofSeconds(30)).run().ok();
    }
}
