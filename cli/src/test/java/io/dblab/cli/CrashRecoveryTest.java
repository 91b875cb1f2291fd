package io.dblab.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dblab.client.DblabClient;
import io.dblab.client.model.Clone;
import io.dblab.client.model.CloneRequest;
import io.dblab.pg.server.LocalServer;
import io.dblab.testkit.FreePorts;
import io.dblab.testkit.PostgresProcesses;
import io.dblab.testkit.Requirements;
import io.dblab.testkit.TestPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The engine process is killed with SIGKILL in two situations that random kills rarely reach: several
 * clones in flight at once, and a refresh with its restore server up. A new engine process on the same
 * configuration settles every clone (OK, or FATAL and deletable), keeps the old snapshot and leaves
 * nothing behind. Kills at random moments of single operations are {@link RandomKillsTest}'s. The
 * engine runs as {@code dblab engine run} in its own JVM ({@link EngineProcess}).
 */
class CrashRecoveryTest {
    private static final int PORT_FROM = 16280;
    private static final int PORT_TO = 16289;
    private static final String TOKEN = "crash-recovery-token-4471";
    private static final String PASSWORD = "Crash-Recovery-Pass-6203-xyzzy";
    private static final String POOL = "pool1";

    private static Path base;
    private static TestPostgres source;
    private static EngineProcess engine;
    private static DblabClient client;

    @BeforeAll
    static void start() throws IOException {
        Requirements.requireBtrfs();
        base = EngineProcess.newBaseDir("dblab-crash-test-");
        // @AfterAll cleans up whatever this got to, also when it fails half-way
        source = TestPostgres.start();
        source.psql().run("postgres", """
                CREATE TABLE items (id bigserial PRIMARY KEY, name text NOT NULL);
                INSERT INTO items (name) SELECT 'item ' || g FROM generate_series(1, 5000) g;
                """);
        engine = new EngineProcess(base, TOKEN, FreePorts.next(), PORT_FROM, PORT_TO, List.of(POOL),
                "  mode: logical\n" + EngineProcess.sourceYaml(source));
        client = engine.client();
        engine.start();
        engine.awaitSnapshot();
    }

    @AfterAll
    static void cleanUp() {
        EngineProcess.closeAll(engine, base, source);
    }

    /** A test that failed with the engine killed leaves the next one a running engine and no clones. */
    @BeforeEach
    void engineRunning() {
        if (!engine.isAlive()) {
            engine.start();
        }
        engine.destroyAllClones();
    }

    @Test
    void engineKilledWithSeveralClonesInFlight() throws Exception {
        List<String> ids = List.of("flight0", "flight1", "flight2", "flight3", "flight4");
        try {
            for (String id : ids) {
                client.createClone(new CloneRequest(id, null,
                        new CloneRequest.DbRequest("flight_user", PASSWORD, false, null), null, null, null));
            }
            // the first ones are well under way, the last ones not started: every step is cut somewhere
            engine.kill();
            engine.start();
            await("clones settle").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200))
                    .until(() -> client.clones().stream().allMatch(c -> Set.of("OK", "FATAL").contains(c.status().code())));
            List<Clone> settled = client.clones();
            assertThat(settled).extracting(Clone::id).containsExactlyInAnyOrderElementsOf(ids);
            for (Clone clone : settled) {
                System.out.printf("clone %s, engine killed with 5 clones in flight: %s (%s)%n", clone.id(),
                        clone.status().code(), clone.status().message());
                if ("OK".equals(clone.status().code())) {
                    assertThat(count(clone, "SELECT count(*) FROM items")).isEqualTo(5000);
                }
            }
            assertNothingLeaked();
            for (String id : ids) {
                client.destroyClone(id);
            }
            for (String id : ids) {
                engine.awaitGone(id);
            }
            assertNothingLeaked();
            assertThat(cloneDirs()).isEmpty();
        } catch (Throwable e) {
            System.err.println(engine.logs());
            throw e;
        }
    }

    @Test
    void engineKilledDuringARefreshKeepsTheOldSnapshotAndCleansUp() throws Exception {
        String before = client.snapshots().get(0).id();
        try {
            source.psql().run("postgres", "CREATE TABLE bulk AS SELECT g AS id, md5(g::text) AS v FROM generate_series(1, 1500000) g");
            client.fullRefresh();
            // kill while the rows are copied or the indexes built, with the restore server up in the
            // pool; the progress figures are sampled every 2 s, so they are not waited for
            await("refresh under way").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(100))
                    .until(() -> {
                        var progress = client.retrieval().progress();
                        return progress != null && Set.of("copy", "indexes").contains(progress.phase())
                                && Files.exists(poolRoot().resolve("data/postmaster.pid"));
                    });
            // the restore server outlives the engine; the next start stops it and removes its socket directory
            Path restoreSocketDir = LocalServer.socketDirOf(poolRoot().resolve("data"),
                    Integer.parseInt(Files.readAllLines(poolRoot().resolve("data/postmaster.pid")).get(3).strip()));
            engine.kill();
            engine.start();
            await("retrieval settles").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200))
                    .until(() -> "finished".equals(client.retrieval().status()));
            assertThat(client.snapshots()).extracting(s -> s.id()).containsExactly(before);
            assertThat(io.dblab.testkit.PostgresProcesses.dataDirsUnder(poolRoot())).isEmpty();
            assertThat(poolRoot().resolve("dump")).doesNotExist();
            assertThat(poolRoot().resolve(".refresh-in-progress")).doesNotExist();
            assertThat(restoreSocketDir).doesNotExist();
            Clone clone = createAndAwait("afterrefresh", "refresh_user");
            assertThat(count(clone, "SELECT count(*) FROM items")).isEqualTo(5000);
            client.destroyClone("afterrefresh");
            engine.awaitGone("afterrefresh");
        } catch (Throwable e) {
            System.err.println(engine.logs());
            throw e;
        } finally {
            source.psql().run("postgres", "DROP TABLE IF EXISTS bulk");
        }
    }

    private static Clone createAndAwait(String id, String user) {
        return engine.createAndAwait(id, user, PASSWORD, null);
    }

    /** clones/ holds exactly the listed clones, and only OK clones have a server. */
    private static void assertNothingLeaked() {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            List<Clone> clones = client.clones();
            assertThat(clones).noneSatisfy(c -> assertThat(c.status().code()).isIn("CREATING", "DELETING"));
            assertThat(cloneDirs()).containsExactlyInAnyOrderElementsOf(clones.stream().map(Clone::id).toList());
            List<Path> expectedServers = clones.stream().filter(c -> "OK".equals(c.status().code()))
                    .map(c -> poolRoot().resolve("clones").resolve(c.id())).toList();
            assertThat(PostgresProcesses.dataDirsUnder(poolRoot())).containsExactlyInAnyOrderElementsOf(expectedServers);
            List<String> ports = clones.stream().filter(c -> "OK".equals(c.status().code()))
                    .map(c -> c.db().port()).toList();
            assertThat(ports).doesNotHaveDuplicates();
        });
    }

    private static List<String> cloneDirs() throws IOException {
        return engine.cloneDirs(POOL);
    }

    private static long count(Clone clone, String sql) throws SQLException {
        return Long.parseLong(EngineProcess.scalar(clone, PASSWORD, sql));
    }

    private static Path poolRoot() {
        return engine.poolRoot(POOL);
    }
}
