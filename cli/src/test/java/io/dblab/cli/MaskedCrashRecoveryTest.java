package io.dblab.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dblab.client.DblabClient;
import io.dblab.client.model.Clone;
import io.dblab.client.model.Progress;
import io.dblab.client.model.Snapshot;
import io.dblab.pg.server.LocalServer;
import io.dblab.testkit.PostgresProcesses;
import io.dblab.testkit.Requirements;
import io.dblab.testkit.TestPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

/**
 * The engine process ({@link EngineProcess}, physical retrieval with masking, two btrfs pools) is
 * killed with SIGKILL while masking runs: during a full refresh, and during {@code POST /snapshot},
 * whose promoted copy is masked before it becomes the snapshot. The next start must leave the
 * published snapshots and the clones as they were, remove the half-made work (the {@code _pre}
 * snapshot, the promotion copy and its server, the refresh mark) and start no server on the
 * interrupted pool; the next refresh or snapshot then publishes masked data.
 *
 * <p>How the kill lands inside masking, every time: the rules end with a shell script that creates
 * the file {@code masking-started} and then waits while the file {@code hold-masking} exists. The
 * test creates {@code hold-masking}, starts the refresh or snapshot, waits until
 * {@code masking-started} exists and {@code /instance/retrieval} reports the phase {@code mask},
 * kills the engine, and only then removes {@code hold-masking} (so the orphaned script ends).
 */
class MaskedCrashRecoveryTest {
    private static final int API_PORT = 16620;
    private static final int PORT_FROM = 16621;
    private static final int PORT_TO = 16639;
    private static final String TOKEN = "masked-crash-token-8812";
    private static final String PASSWORD = "Masked-Crash-Pass-3390-quokka";
    private static final String MASKED = "masked@example.com";
    private static final List<String> POOLS = List.of("pool1", "pool2");

    private static Path base;
    private static Path started;
    private static Path hold;
    private static TestPostgres source;
    private static EngineProcess engine;
    private static DblabClient client;

    /** A failed test prints the output of every engine run. */
    @RegisterExtension
    static final TestExecutionExceptionHandler ENGINE_LOGS = (context, failure) -> {
        if (engine != null) {
            System.err.println(engine.logs());
        }
        throw failure;
    };

    @BeforeAll
    static void start() throws IOException {
        Requirements.requireBtrfs();
        base = EngineProcess.newBaseDir("dblab-masked-crash-test-");
        // @AfterAll cleans up whatever this got to, also when it fails half-way
        started = base.resolve("masking-started");
        hold = base.resolve("hold-masking");
        Path rules = base.resolve("masking.yml");
        Files.writeString(rules, """
                rules:
                  - {column: public.people.email, action: fixed, value: "%s"}
                scripts:
                  - shell: 'touch %s; while [ -e %s ]; do sleep 0.1; done'
                """.formatted(MASKED, started, hold));
        source = TestPostgres.start();
        // physical retrieval connects over TCP
        source.allowTcpReplication();
        source.psql().run("postgres", """
                CREATE TABLE people (id bigserial PRIMARY KEY, email text NOT NULL);
                INSERT INTO people (email) SELECT 'person-' || g || '@corp-original.test' FROM generate_series(1, 2000) g;
                """);
        engine = new EngineProcess(base, TOKEN, API_PORT, PORT_FROM, PORT_TO, POOLS,
                "  mode: physical\n" + EngineProcess.sourceYaml(source) + """
                  masking:
                    rulesFile: %s
                """.formatted(rules));
        client = engine.client();
        engine.start();
        engine.awaitSnapshot();
    }

    @AfterAll
    static void cleanUp() throws IOException {
        if (hold != null) {
            // lets a masking script that outlived a killed engine end
            Files.deleteIfExists(hold);
        }
        EngineProcess.closeAll(engine, base, source);
    }

    /** A test that failed with the engine killed leaves the next one a running engine, no clones and no hold. */
    @BeforeEach
    void engineRunningWithoutClones() throws IOException {
        Files.deleteIfExists(hold);
        if (!engine.isAlive()) {
            engine.start();
        }
        awaitRetrievalFinished();
        engine.destroyAllClones();
    }

    /**
     * A full refresh goes to the pool without clones; killed while it masks that pool's promoted
     * copy, it leaves the other pool's snapshot and its clone serving, and the next start removes
     * the copy, its {@code _pre} snapshot and the refresh mark. The next refresh publishes masked data.
     */
    @Test
    void engineKilledWhileMaskingARefreshKeepsSnapshotsAndClones() throws Exception {
        List<String> before = snapshotIds();
        Clone kept = engine.createAndAwait("kept", "kept_user", PASSWORD, null);
        String keptPool = kept.snapshot().pool();
        String refreshedPool = POOLS.stream().filter(p -> !p.equals(keptPool)).findFirst().orElseThrow();
        long keptRows = sourceRows();
        assertOnlyMaskedRows(kept, keptRows);

        Files.createFile(hold);
        Files.deleteIfExists(started);
        client.fullRefresh();
        awaitMasking();
        // guards the test: the kill lands with half-made work in the refreshed pool
        Path copy = promotionCopy(refreshedPool);
        Path copySocketDir = LocalServer.socketDirOf(copy,
                Integer.parseInt(Files.readAllLines(copy.resolve("postmaster.pid")).get(3).strip()));
        assertThat(engine.snapshotDirs(refreshedPool)).anyMatch(name -> name.endsWith("_pre"));
        assertThat(engine.poolRoot(refreshedPool).resolve(".refresh-in-progress")).exists();

        engine.kill();
        Files.delete(hold);
        engine.start();
        awaitRetrievalFinished();

        assertThat(snapshotIds()).isEqualTo(before);
        Clone recovered = client.clone("kept");
        assertThat(recovered.status().code()).as(recovered.status().message()).isEqualTo("OK");
        assertThat(recovered.db().port()).isEqualTo(kept.db().port());
        assertOnlyMaskedRows(recovered, keptRows);
        assertDiskMatchesTheListing();
        assertThat(engine.poolRoot(refreshedPool).resolve(".refresh-in-progress")).doesNotExist();
        assertThat(copySocketDir).doesNotExist();
        // the standby of the pool that serves, and the clone: no server on the interrupted pool
        assertThat(PostgresProcesses.dataDirsUnder(engine.mountDir())).containsExactlyInAnyOrder(
                engine.poolRoot(keptPool).resolve("data"), engine.poolRoot(keptPool).resolve("clones/kept"));

        // a row the kept clone does not have shows that the next refresh copies the source afresh
        source.psql().run("postgres", "INSERT INTO people (email) VALUES ('late-person@corp-original.test')");
        client.fullRefresh();
        await("second refresh").atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(200))
                .until(() -> snapshotIds().size() == before.size() + 1 && retrievalFinished());
        List<Snapshot> fresh = client.snapshots().stream().filter(s -> !before.contains(s.id())).toList();
        assertThat(fresh).extracting(Snapshot::pool).containsExactly(refreshedPool);
        assertOnlyMaskedRows(engine.createAndAwait("fresh", "fresh_user", PASSWORD, fresh.get(0).id()), keptRows + 1);
        assertOnlyMaskedRows(client.clone("kept"), keptRows);
        assertDiskMatchesTheListing();
    }

    /**
     * {@code POST /snapshot} in physical mode snapshots the standby as {@code *_pre}, starts a
     * promotion copy of it and masks that copy (phase {@code mask} while status is
     * {@code snapshotting}); killed there, the request fails, and the next start leaves only the
     * complete snapshots: no {@code _pre}, no promotion copy, no server of it. A new
     * {@code POST /snapshot} then publishes a masked snapshot.
     */
    @Test
    void engineKilledDuringASnapshotLeavesOnlyCompleteSnapshots() throws Exception {
        List<String> before = snapshotIds();
        String pool = client.snapshots().get(0).pool();

        Files.createFile(hold);
        Files.deleteIfExists(started);
        CompletableFuture<Snapshot> request = CompletableFuture.supplyAsync(() -> client.createSnapshot(null));
        awaitMasking();
        assertThat(client.retrieval().status()).isEqualTo("snapshotting");
        Path copy = promotionCopy(pool);
        Path copySocketDir = LocalServer.socketDirOf(copy,
                Integer.parseInt(Files.readAllLines(copy.resolve("postmaster.pid")).get(3).strip()));
        assertThat(engine.snapshotDirs(pool)).anyMatch(name -> name.endsWith("_pre"));

        engine.kill();
        Files.delete(hold);
        assertThat(request).failsWithin(Duration.ofSeconds(30));
        engine.start();
        awaitRetrievalFinished();

        assertThat(snapshotIds()).isEqualTo(before);
        assertDiskMatchesTheListing();
        assertThat(copySocketDir).doesNotExist();
        assertThat(PostgresProcesses.dataDirsUnder(engine.mountDir()))
                .containsExactly(engine.poolRoot(pool).resolve("data"));

        Snapshot made = client.createSnapshot(null);
        List<String> expected = new ArrayList<>(before);
        expected.add(made.id());
        assertThat(snapshotIds()).containsExactlyInAnyOrderElementsOf(expected);
        assertDiskMatchesTheListing();
        assertOnlyMaskedRows(engine.createAndAwait("aftersnap", "snap_user", PASSWORD, made.id()), sourceRows());
    }

    /** Waits until the shell script of the masking rules runs and the API reports the phase {@code mask}. */
    private static void awaitMasking() {
        await("masking under way").atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(100)).until(() -> {
            if ("failed".equals(client.retrieval().status())) {
                throw new AssertionError("retrieval failed:\n" + engine.logs());
            }
            Progress progress = client.retrieval().progress();
            return Files.exists(started) && progress != null && "mask".equals(progress.phase());
        });
    }

    /** The pool's one promotion copy ({@code clones/promote_*}), with its server running. */
    private static Path promotionCopy(String pool) throws IOException {
        List<String> copies = engine.cloneDirs(pool).stream().filter(name -> name.startsWith("promote_")).toList();
        assertThat(copies).hasSize(1);
        Path copy = engine.poolRoot(pool).resolve("clones").resolve(copies.get(0));
        assertThat(PostgresProcesses.dataDirsUnder(engine.poolRoot(pool))).contains(copy);
        return copy;
    }

    /** Each pool's snapshot and clone directories are exactly the listed snapshots and clones. */
    private static void assertDiskMatchesTheListing() throws IOException {
        List<Snapshot> snapshots = client.snapshots();
        List<Clone> clones = client.clones();
        for (String pool : POOLS) {
            assertThat(engine.snapshotDirs(pool)).as("snapshots of " + pool).containsExactlyInAnyOrderElementsOf(
                    snapshots.stream().filter(s -> s.pool().equals(pool)).map(s -> s.id().substring(pool.length() + 1)).toList());
            assertThat(engine.cloneDirs(pool)).as("clones of " + pool).containsExactlyInAnyOrderElementsOf(
                    clones.stream().filter(c -> c.snapshot().pool().equals(pool)).map(Clone::id).toList());
        }
    }

    /** The clone has {@code rows} people, every e-mail replaced by the masking rule. */
    private static void assertOnlyMaskedRows(Clone clone, long rows) throws SQLException {
        assertThat(EngineProcess.scalar(clone, PASSWORD, "SELECT count(*) FROM people")).isEqualTo(Long.toString(rows));
        assertThat(EngineProcess.scalar(clone, PASSWORD, "SELECT string_agg(DISTINCT email, ',') FROM people"))
                .isEqualTo(MASKED);
    }

    private static long sourceRows() {
        return Long.parseLong(source.psql().run("postgres", "SELECT count(*) FROM people").strip());
    }

    private static List<String> snapshotIds() {
        return client.snapshots().stream().map(Snapshot::id).toList();
    }

    private static boolean retrievalFinished() {
        String status = client.retrieval().status();
        if ("failed".equals(status)) {
            throw new AssertionError("retrieval failed:\n" + engine.logs());
        }
        return "finished".equals(status);
    }

    private static void awaitRetrievalFinished() {
        await("retrieval settles").atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(200))
                .until(MaskedCrashRecoveryTest::retrievalFinished);
    }
}
