package io.dblab.pg.server;

import io.dblab.pg.process.Command;
import io.dblab.pg.process.CommandFailedException;
import io.dblab.pg.process.OsUser;
import io.dblab.pg.process.ProcessStat;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

/**
 * Creates, starts and stops PostgreSQL servers with initdb and pg_ctl, as the OS user that owns
 * their data directories. Server settings go into the data directory's configuration files rather
 * than onto pg_ctl's command line, which pg_ctl hands to a shell.
 */
public final class PgCtl {
    private static final Duration STOP_WAIT = Duration.ofSeconds(60);
    /** How often a start, stop or promotion looks whether the server is there. */
    private static final long POLL_MILLIS = 5;
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

    /** A new cluster with superuser {@code postgres}, reached over the socket by its OS user alone (peer). */
    public void initdb(Path dataDir) {
        createDataDir(dataDir);
        Command.of(pg.tool("initdb"), "-D", dataDir.toString(), "-U", "postgres", "-E", "UTF8",
                        "--locale=C.UTF-8", "--auth-local=peer", "--auth-host=scram-sha-256")
                .asUser(user).timeout(Duration.ofMinutes(5)).check();
    }

    /**
     * Makes a missing data directory here, as the engine, and gives it to the server's user: its
     * parent stays the engine's, so the socket directory beside it lies where only the engine writes.
     */
    public void createDataDir(Path dataDir) {
        try {
            if (Files.exists(dataDir, LinkOption.NOFOLLOW_LINKS)) {
                return;
            }
            Files.createDirectory(dataDir);
            Files.setPosixFilePermissions(dataDir, PosixFilePermissions.fromString("rwx------"));
            user.own(dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the data directory " + dataDir + ": " + e.getMessage(), e);
        }
    }

    /** Starts the server and returns once it accepts connections (a standby: read-only ones, or none without hot_standby). */
    public void start(Path dataDir, Path logFile, Duration timeout) {
        long since = Instant.now().getEpochSecond();
        runUntil(Command.of(pg.tool("pg_ctl"), "start", "-D", dataDir.toString(), "-l", logFile.toString(), "-w",
                        "-t", Long.toString(Math.max(1, timeout.toSeconds())))
                .asUser(user).timeout(timeout.plusSeconds(10)), () -> PostmasterPidFile.startedSince(dataDir, since));
    }

    /**
     * Stops with {@code fast} (clean shutdown, checkpoint written) or {@code immediate}, and waits
     * (up to a minute) until the server is gone. pg_ctl only sends the signal: its own wait looks
     * every 100 ms, which made most stops take 100 ms longer than the server needed.
     */
    public void stop(Path dataDir, String mode) {
        Path pidFile = PostmasterPidFile.in(dataDir);
        if (!Files.exists(pidFile)) {
            return;
        }
        long postmaster = PostmasterPidFile.pid(dataDir);
        boolean signalled = Command.of(pg.tool("pg_ctl"), "stop", "-D", dataDir.toString(), "-m", mode, "-W")
                .asUser(user).timeout(Duration.ofSeconds(30)).run().ok();
        if (!signalled) {
            return; // no server runs there (a pid file left by a crash): nothing to wait for
        }
        long deadline = System.nanoTime() + STOP_WAIT.toNanos();
        boolean interrupted = false;
        // The process, not the pid file: the server removes its pid file near the very end of its
        // shutdown and holds its data directory until the process ends (a pool could not unmount),
        // while a postmaster killed with SIGKILL never removes it. pg_ctl's signal also "succeeds" on
        // a killed postmaster that its parent has not reaped yet (a zombie), so waiting for the file
        // would wait out the whole bound there.
        while (ProcessStat.running(postmaster) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                interrupted = true; // callers stop servers while they are being stopped; the wait is bounded
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Promotes a standby to a primary and waits until it accepts writes. */
    public void promote(Path dataDir) {
        // a server in production already is an error that pg_ctl reports
        boolean inRecovery = !ControlData.inProduction(dataDir);
        runUntil(Command.of(pg.tool("pg_ctl"), "promote", "-D", dataDir.toString(), "-w", "-t", "300")
                .asUser(user).timeout(Duration.ofMinutes(6)), () -> inRecovery && ControlData.inProduction(dataDir));
    }

    /**
     * Runs a waiting pg_ctl command, and returns as soon as {@code done} holds, or when the command
     * has ended without an error. pg_ctl looks whether it is done every 100 ms, and the server is
     * usually ready well before that; the command itself still says whether the server failed.
     * Left running after an early return, pg_ctl sees the same state at its next look and ends.
     */
    private static void runUntil(Command command, BooleanSupplier done) {
        FutureTask<String> pgCtl = new FutureTask<>(command::check);
        Thread thread = new Thread(pgCtl, "pg_ctl");
        thread.setDaemon(true);
        thread.start();
        try {
            while (true) {
                try {
                    pgCtl.get(POLL_MILLIS, TimeUnit.MILLISECONDS);
                    return;
                } catch (TimeoutException e) {
                    if (done.getAsBoolean()) {
                        return;
                    }
                }
            }
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            thread.interrupt(); // the command kills pg_ctl, as it would have in this thread
            Thread.currentThread().interrupt();
            throw new CommandFailedException("pg_ctl was interrupted", -1);
        }
    }

    public boolean isRunning(Path dataDir) {
        if (!Files.exists(PostmasterPidFile.in(dataDir))) {
            return false;
        }
        return Command.of(pg.tool("pg_ctl"), "status", "-D", dataDir.toString())
                .asUser(user).timeout(Duration.ofSeconds(30)).run().ok();
    }
}
