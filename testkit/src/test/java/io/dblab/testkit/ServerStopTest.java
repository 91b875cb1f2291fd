package io.dblab.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.dblab.pg.process.OsUser;
import io.dblab.pg.process.ProcessStat;
import io.dblab.pg.server.LocalServer;
import io.dblab.pg.server.PgCtl;
import io.dblab.pg.server.PgInstallation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link PgCtl#stop} signals through pg_ctl and waits for the server itself. */
class ServerStopTest {
    private final PgCtl ctl = new PgCtl(PgInstallation.at(TestPostgres.BIN_DIR), OsUser.forPostgres());

    @Test
    void stopReturnsOnceTheServerIsGone() throws Exception {
        for (String mode : new String[] {"fast", "immediate"}) {
            try (TestPostgres postgres = TestPostgres.start()) {
                LocalServer server = postgres.server();
                long pid = postmasterPid(server.dataDir());
                assertThat(ProcessStat.running(pid)).as("postmaster before the stop").isTrue();
                ctl.stop(server.dataDir(), mode);
                assertThat(server.dataDir().resolve("postmaster.pid")).doesNotExist();
                assertThat(ProcessStat.running(pid)).as("postmaster after a %s stop", mode).isFalse();
                server.start("127.0.0.1", Map.of(), Duration.ofSeconds(60)); // close() stops it again
            }
        }
    }

    @Test
    void aPidFileLeftByACrashIsNoReasonToWait() throws Exception {
        // a pid file naming a process that no longer exists, as a crashed server leaves it
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        assertStopDoesNotWaitForAPidFileNaming(gone.pid());
    }

    /**
     * A postmaster killed with SIGKILL leaves its pid file, and until its parent reaps it, it is a
     * zombie that pg_ctl's stop signal still reaches. One is made here by a shell that starts a child
     * and execs a program that never waits for it. The child outlives the exec by a moment: one that
     * ended before it could be reaped by the shell itself (dash looks for ended jobs between commands).
     */
    @Test
    void aKilledPostmasterNotYetReapedIsNoReasonToWait() throws Exception {
        Process parent = new ProcessBuilder("runuser", "-u", "postgres", "--", "sh", "-c",
                "sleep 0.5 & echo $!; exec sleep 60").start();
        try {
            long zombie = Long.parseLong(parent.inputReader().readLine().strip());
            for (int look = 0; look < 100 && !isZombie(zombie); look++) {
                Thread.sleep(100);
            }
            assertThat(isZombie(zombie)).as("the shell's child became a zombie").isTrue();
            assertStopDoesNotWaitForAPidFileNaming(zombie);
            assertThat(isZombie(zombie)).as("the pid file named an unreaped process all along").isTrue();
        } finally {
            parent.destroyForcibly().waitFor();
        }
    }

    /** Stops a server, puts {@code pid} in its pid file, and stops it again: that must not wait. */
    private void assertStopDoesNotWaitForAPidFileNaming(long pid) throws Exception {
        try (TestPostgres postgres = TestPostgres.start()) {
            Path data = postgres.server().dataDir();
            Path pidFile = data.resolve("postmaster.pid");
            String contents = Files.readString(pidFile);
            ctl.stop(data, "immediate");
            Files.writeString(pidFile, pid + contents.substring(contents.indexOf('\n')));
            ctl.user().own(pidFile);

            long started = System.nanoTime();
            ctl.stop(data, "fast");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
            Files.delete(pidFile);
            postgres.server().start("127.0.0.1", Map.of(), Duration.ofSeconds(60));
        }
    }

    private static boolean isZombie(long pid) throws Exception {
        Path stat = Path.of("/proc", Long.toString(pid), "stat");
        if (!Files.exists(stat)) {
            return false;
        }
        String line = Files.readString(stat);
        return line.substring(line.lastIndexOf(')') + 2).startsWith("Z");
    }

    private static long postmasterPid(Path dataDir) throws Exception {
        return Long.parseLong(Files.readAllLines(dataDir.resolve("postmaster.pid")).get(0).strip());
    }
}
