package io.dblab.engine.retrieval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dblab.client.model.Progress;
import io.dblab.engine.EngineFixture;
import io.dblab.pg.process.Command;
import io.dblab.testkit.PostgresProcesses;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Stopping the engine in the middle of a refresh (pg_dump writing into the pool, pg_restore feeding
 * the restore server that runs from the pool, pg_basebackup copying into it) leaves nothing behind:
 * the pool is unmounted, its loop device detached, and no process of the refresh still runs in it.
 */
class StopDuringRefreshTest {
    /**
     * 260 MB stored uncompressed, quick to make; at {@link #BASEBACKUP_RATE} pg_basebackup takes about
     * 13 s to copy it, long enough to be caught copying.
     */
    private static final String PADDING = """
            CREATE TABLE padding (v text);
            ALTER TABLE padding ALTER v SET STORAGE EXTERNAL;
            INSERT INTO padding SELECT repeat(md5(g::text), 64) FROM generate_series(1, 100000) g;
            """;
    private static final String BASEBACKUP_RATE = "20M";

    /**
     * Room for the bulk tables' restore, and in physical mode for the padding held twice for a while,
     * in the standby's data and in the WAL it has not yet recycled. The image is sparse: room costs nothing.
     */
    private static final EngineFixture.Setup SETUP = EngineFixture.Setup.logical(16600, 16619).withPoolSize("4GiB");

    private EngineFixture engine;

    @AfterEach
    void cleanUp() {
        if (engine == null) {
            return;
        }
        // A failed run may have left refresh processes in the pool: they would keep it busy and the
        // fixture could then neither unmount it nor detach its loop device.
        try {
            engine.stopEngine();
        } finally {
            PostgresProcesses.stopAllUnder(engine.poolRoot());
            for (int round = 0; round < 20 && !processesIn(engine.poolRoot()).isEmpty(); round++) {
                for (ProcessHandle process : processesIn(engine.poolRoot())) {
                    process.destroyForcibly();
                    process.onExit().completeOnTimeout(process, 5, TimeUnit.SECONDS).join();
                }
            }
            engine.close();
        }
    }

    @Test
    void stopDuringTheCopyOfRowsLeavesThePoolUnmountedAndDetached() {
        stopDuringRefresh(SETUP, EngineFixture.BULK_TABLES, "copy", "psql", pool -> true);
    }

    @Test
    void stopDuringIndexBuildsLeavesThePoolUnmountedAndDetached() {
        stopDuringRefresh(SETUP, EngineFixture.BULK_TABLES, "indexes", "pg_restore", pool -> true);
    }

    @Test
    void stopDuringBaseBackupLeavesThePoolUnmountedAndDetached() {
        // stopped while it waits for the source's checkpoint, an orphaned pg_basebackup happens to end
        // by itself; one that copies goes on writing into the pool
        stopDuringRefresh(SETUP.physical().withBasebackupMaxRate(BASEBACKUP_RATE), PADDING, "basebackup", "pg_basebackup", pool -> hasFile(pool.resolve("data"), ""));

        // the half-copied data directory cannot run as a standby: the next start copies the source again
        Instant restarted = Instant.now();
        engine.startEngine();
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500)).until(() ->
                engine.client().snapshots().stream().anyMatch(snapshot -> Instant.parse(snapshot.createdAt()).isAfter(restarted)));
        assertThat(engine.client().retrieval().status()).isEqualTo("finished");
    }

    /**
     * Fills the source, starts a full refresh, and stops the engine once {@code tool} runs in that
     * phase and {@code atWork} holds for the pool's root.
     */
    private void stopDuringRefresh(EngineFixture.Setup setup, String sourceSql, String phase, String tool,
                                   Predicate<Path> atWork) {
        engine = EngineFixture.start(setup);
        engine.source().psql().run("postgres", sourceSql);
        engine.client().fullRefresh();
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(50)).until(() -> {
            Progress progress = engine.client().retrieval().progress();
            return progress != null && phase.equals(progress.phase())
                    && processesIn(engine.poolRoot()).stream().anyMatch(p -> commandLine(p).contains(tool))
                    && atWork.test(engine.poolRoot());
        });
        stopAndAssertNothingLeft();
    }

    private void stopAndAssertNothingLeft() {
        Path pool = engine.poolRoot();
        String image = engine.config().poolManager().pools().get(0).imageFile();
        assertThat(processesIn(pool)).as("the refresh is running in the pool").isNotEmpty();

        engine.stopEngine();

        assertThat(processesIn(pool).stream().map(p -> p.pid() + " " + commandLine(p)))
                .as("processes still running in the pool").isEmpty();
        assertThat(mountPoints()).as("mounts").doesNotContain(pool.toString());
        assertThat(Command.of("losetup", "-j", image).check().strip()).as("loop devices of the pool image").isEmpty();
    }

    /** Processes whose command line names a path in the pool, or whose working directory is in it. */
    private static List<ProcessHandle> processesIn(Path pool) {
        String prefix = pool.toAbsolutePath().normalize().toString();
        List<ProcessHandle> found = new ArrayList<>();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            procs.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit)).forEach(proc -> {
                long pid = Long.parseLong(proc.getFileName().toString());
                if (pid == ProcessHandle.current().pid()) {
                    return;
                }
                String cmdline = commandLine(proc);
                String cwd;
                try {
                    cwd = Files.readSymbolicLink(proc.resolve("cwd")).toString();
                } catch (IOException | UnsupportedOperationException e) {
                    cwd = "";
                }
                if (cmdline.contains(prefix) || cwd.equals(prefix) || cwd.startsWith(prefix + "/")) {
                    ProcessHandle.of(pid).ifPresent(found::add);
                }
            });
        } catch (IOException e) {
            throw new IllegalStateException("cannot list processes", e);
        }
        return found;
    }

    private static String commandLine(ProcessHandle process) {
        return commandLine(Path.of("/proc", Long.toString(process.pid())));
    }

    private static String commandLine(Path proc) {
        try {
            return new String(Files.readAllBytes(proc.resolve("cmdline")), StandardCharsets.UTF_8).replace('\0', ' ');
        } catch (IOException e) {
            return ""; // the process ended while we looked
        }
    }

    /** Whether a file whose name ends with {@code suffix} lies somewhere below {@code dir}. */
    private static boolean hasFile(Path dir, String suffix) {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.anyMatch(file -> Files.isRegularFile(file) && file.getFileName().toString().endsWith(suffix));
        } catch (IOException | java.io.UncheckedIOException e) {
            return false; // not made yet, or changing while we look
        }
    }

    /** Mount points from /proc/self/mountinfo (the fifth field). */
    private static List<String> mountPoints() {
        try {
            return Files.readAllLines(Path.of("/proc/self/mountinfo")).stream()
                    .map(line -> line.split(" ")[4]).toList();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read mountinfo", e);
        }
    }
}
