package io.dblab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.dblab.client.DblabApiException;
import io.dblab.client.DblabClient;
import io.dblab.client.model.Clone;
import io.dblab.client.model.CloneRequest;
import io.dblab.client.model.Snapshot;
import io.dblab.engine.EngineFixture;
import io.dblab.engine.Waits;
import io.dblab.pg.process.Command;
import io.dblab.testkit.FreePorts;
import io.dblab.testkit.PostgresProcesses;
import io.dblab.testkit.Requirements;
import io.dblab.testkit.TestPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The engine process is killed with SIGKILL at random moments while it creates, resets or destroys a
 * clone, snapshots one or refreshes, and started again on the same configuration, round after round.
 * After every restart the state and the disk agree (clone and snapshot directories are exactly the
 * listed ones, servers run for OK clones only, the ID-mapped mounts are those of listed clones, one
 * loop device), a clone that was OK before the kill and was not the one being reset or destroyed is
 * still OK with its data, and at the end every port of the range can be handed out again.
 *
 * <p>The rounds come from a seed printed at the start; {@code -Ddblab.kills.seed=N} repeats a run and
 * {@code -Ddblab.kills.rounds=N} changes how many rounds there are (30 by default).
 */
class RandomKillsTest {
    private static final int PORT_FROM = 16290;
    private static final int PORT_TO = 16297;
    private static final String TOKEN = "random-kills-token-8812";
    private static final String PASSWORD = "Random-Kills-Pass-3391-plugh";
    /** Clones stay on the first; a logical refresh needs a pool free of clones, the second. */
    private static final List<String> POOLS = List.of("pool1", "pool2");
    private static final long ROWS = 5000;
    private static final Set<String> SETTLED = Set.of("OK", "FATAL");

    /** What is under way when the engine is killed, and up to how long after the request the kill comes. */
    private enum Operation {
        CREATE(800), RESET(1500), DESTROY(600), SNAPSHOT(1200), REFRESH(6000);

        private final int maxDelayMillis;

        Operation(int maxDelayMillis) {
            this.maxDelayMillis = maxDelayMillis;
        }
    }

    private static Path base;
    private static TestPostgres source;
    private static EngineProcess engine;
    private static DblabClient client;
    /** The first snapshot: every clone of the test is made from it, so that a refresh always has a free pool. */
    private static String baseSnapshot;

    /** The clone no round touches: it must come through every kill. */
    private static final String KEEPER = "keeper";
    /** The clone a round resets, destroys or snapshots; made again when a round destroyed it. */
    private static final String VICTIM = "victim";

    @BeforeAll
    static void start() throws IOException {
        Requirements.requireBtrfs();
        base = EngineProcess.newBaseDir("dblab-kills-test-");
        source = TestPostgres.start();
        source.psql().run("postgres", """
                CREATE TABLE items (id bigserial PRIMARY KEY, name text NOT NULL);
                INSERT INTO items (name) SELECT 'item ' || g FROM generate_series(1, %d) g;
                -- makes a refresh last long enough for kills to land in its steps
                CREATE TABLE filler AS SELECT g AS id, md5(g::text) AS v FROM generate_series(1, 300000) g;
                CREATE INDEX ON filler (v);
                """.formatted(ROWS));
        engine = new EngineProcess(base, TOKEN, FreePorts.next(), PORT_FROM, PORT_TO, POOLS,
                "  mode: logical\n" + EngineProcess.sourceYaml(source));
        client = engine.client();
        engine.start();
        engine.awaitSnapshot();
        baseSnapshot = client.snapshots().get(0).id();
    }

    @AfterAll
    static void cleanUp() {
        EngineProcess.closeAll(engine, base, source);
    }

    @Test
    void stateAndDiskAgreeAfterKillsAtRandomMoments() throws Exception {
        long seed = Long.getLong("dblab.kills.seed", System.nanoTime());
        int rounds = Integer.getInteger("dblab.kills.rounds", 30);
        System.out.printf("RandomKillsTest: seed %d, %d rounds (-Ddblab.kills.seed=%d repeats them)%n", seed, rounds, seed);
        Random random = new Random(seed);
        try {
            engine.createAndAwait(KEEPER, "keeper_user", PASSWORD, baseSnapshot);
            for (int round = 0; round < rounds; round++) {
                Operation operation = Operation.values()[random.nextInt(Operation.values().length)];
                long delayMillis = random.nextInt(operation.maxDelayMillis + 1);
                killDuring(round, operation, delayMillis);
            }
            assertEveryPortCanBeHandedOut();
        } catch (Throwable e) {
            System.err.printf("RandomKillsTest failed with seed %d%n%s%nlisteners:%n%s%n", seed, engine.logs(),
                    Command.of("ss", "-ltnp").run().output());
            if (engine.isAlive()) {
                client.clones().forEach(c -> System.err.printf("clone %s: %s on port %s%n", c.id(), describe(c), c.db().port()));
            }
            throw e;
        }
    }

    private void killDuring(int round, Operation operation, long delayMillis) throws Exception {
        if (operation != Operation.CREATE && operation != Operation.REFRESH) {
            ensureVictim();
        }
        Map<String, String> okBefore = client.clones().stream().filter(c -> "OK".equals(c.status().code()))
                .collect(Collectors.toMap(Clone::id, c -> c.db().port()));
        String created = "round" + round;
        CompletableFuture<Snapshot> snapshotCall = null;
        String createdPort = null;
        switch (operation) {
            case CREATE -> createdPort = client.createClone(request(created, "round_user")).db().port();
            case RESET -> {
                try (Connection c = EngineFixture.connect(client.clone(VICTIM), PASSWORD); Statement st = c.createStatement()) {
                    st.execute("CREATE TABLE scratch AS SELECT 1 AS x");
                }
                client.resetClone(VICTIM, null);
            }
            case DESTROY -> client.destroyClone(VICTIM);
            // answers when the snapshot is made, so it waits in another thread while the engine is killed
            case SNAPSHOT -> snapshotCall = CompletableFuture.supplyAsync(() -> client.snapshotClone(VICTIM, "round " + round));
            case REFRESH -> client.fullRefresh();
        }
        Thread.sleep(delayMillis);
        engine.kill();
        boolean snapshotAnswered = snapshotCall != null && answered(snapshotCall);
        engine.start();

        settle();
        List<Clone> clones = client.clones();
        Map<String, Clone> byId = clones.stream().collect(Collectors.toMap(Clone::id, c -> c));
        String outcome = switch (operation) {
            case CREATE -> describe(byId.get(created));
            case RESET, SNAPSHOT -> describe(byId.get(VICTIM));
            case DESTROY -> byId.containsKey(VICTIM) ? describe(byId.get(VICTIM)) : "gone";
            case REFRESH -> client.snapshots().size() + " snapshots";
        };
        System.out.printf("round %d: engine killed %d ms into %s: %s%n", round, delayMillis, operation, outcome);

        for (Map.Entry<String, String> before : okBefore.entrySet()) {
            String id = before.getKey();
            boolean target = id.equals(VICTIM) && operation != Operation.SNAPSHOT && operation != Operation.CREATE
                    && operation != Operation.REFRESH;
            if (target) {
                continue;
            }
            Clone after = byId.get(id);
            assertThat(after).as("clone %s was OK before the kill", id).isNotNull();
            assertThat(after.status().code()).as("clone %s was OK before the kill: %s", id, after.status().message())
                    .isEqualTo("OK");
            assertThat(after.db().port()).isEqualTo(before.getValue());
        }
        assertThat(rows(byId.get(KEEPER))).isEqualTo(ROWS);
        switch (operation) {
            case CREATE -> {
                assertThat(byId).as("a clone whose creation was answered with 201").containsKey(created);
                if ("OK".equals(byId.get(created).status().code())) {
                    assertThat(byId.get(created).db().port()).as("the port the 201 named").isEqualTo(createdPort);
                }
            }
            case DESTROY -> assertThat(byId).as("a clone whose deletion was answered").doesNotContainKey(VICTIM);
            case RESET -> {
                Clone victim = byId.get(VICTIM);
                assertThat(victim).isNotNull();
                if ("OK".equals(victim.status().code())) {
                    assertThat(rows(victim)).isEqualTo(ROWS);
                    assertThat(EngineProcess.scalar(victim, PASSWORD,
                            "SELECT count(*) FROM pg_tables WHERE tablename = 'scratch'")).as("back at its snapshot").isEqualTo("0");
                }
            }
            case SNAPSHOT -> {
                if (snapshotAnswered) {
                    assertThat(client.snapshots()).extracting(Snapshot::id).contains(snapshotCall.get().id());
                }
            }
            case REFRESH -> assertThat(client.snapshots()).isNotEmpty();
        }
        assertStateAndDiskAgree();

        // a clone the kill left FATAL can be destroyed; a clone a round created is not needed again
        for (Clone clone : clones) {
            if (!clone.id().equals(KEEPER) && !clone.id().equals(VICTIM) || "FATAL".equals(clone.status().code())) {
                client.destroyClone(clone.id());
                engine.awaitGone(clone.id());
            }
        }
        assertStateAndDiskAgree();
    }

    private static boolean answered(CompletableFuture<Snapshot> call) {
        try {
            call.join();
            return true;
        } catch (RuntimeException killedFirst) {
            return false;
        }
    }

    private static String describe(Clone clone) {
        return clone == null ? "not listed" : clone.status().code() + " (" + clone.status().message() + ")";
    }

    private static void ensureVictim() {
        try {
            Clone victim = client.clone(VICTIM);
            if ("OK".equals(victim.status().code())) {
                return;
            }
            client.destroyClone(VICTIM);
            engine.awaitGone(VICTIM);
        } catch (DblabApiException notThere) {
            // made below
        }
        engine.createAndAwait(VICTIM, "victim_user", PASSWORD, baseSnapshot);
    }

    /** No clone is in the middle of a change and no refresh is running. */
    private static void settle() {
        Waits.promptly("clones and retrieval settle").atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(200))
                .until(() -> client.clones().stream().allMatch(c -> SETTLED.contains(c.status().code()))
                        && Set.of("finished", "failed").contains(client.retrieval().status()));
        assertThat(client.retrieval().status()).as("retrieval after the restart").isEqualTo("finished");
    }

    /**
     * Clone and snapshot directories are exactly the listed ones; servers run for OK clones only (no
     * restore server is left in the pool); ID-mapped mounts belong to listed clones, every OK clone
     * has one; the image has one loop device; no two OK clones share a port.
     */
    private static void assertStateAndDiskAgree() {
        Waits.promptly("state and disk agree").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            List<Clone> clones = client.clones();
            List<Snapshot> snapshots = client.snapshots();
            for (String pool : POOLS) {
                assertThat(engine.cloneDirs(pool)).as("clones of " + pool).containsExactlyInAnyOrderElementsOf(
                        clones.stream().filter(c -> c.snapshot().pool().equals(pool)).map(Clone::id).toList());
                assertThat(engine.snapshotDirs(pool)).as("snapshots of " + pool).containsExactlyInAnyOrderElementsOf(
                        snapshots.stream().filter(s -> s.pool().equals(pool)).map(s -> s.id().substring(pool.length() + 1)).toList());
                assertThat(engine.loopDevices(pool)).as("loop devices of " + pool).hasSize(1);
            }
            List<Path> listedDirs = clones.stream().map(RandomKillsTest::dirOf).toList();
            List<Clone> ok = clones.stream().filter(c -> "OK".equals(c.status().code())).toList();
            List<Path> okDirs = ok.stream().map(RandomKillsTest::dirOf).toList();
            assertThat(PostgresProcesses.dataDirsUnder(base)).containsExactlyInAnyOrderElementsOf(okDirs);
            List<Path> mounted = mountsUnder(engine.mountDir()).stream()
                    .filter(dir -> dir.getParent().getFileName().toString().equals("clones")).toList();
            assertThat(mounted).containsAll(okDirs);
            assertThat(listedDirs).containsAll(mounted);
            assertThat(ok.stream().map(c -> c.db().port()).toList()).doesNotHaveDuplicates();
        });
    }

    /** Every port of the range not held by the keeper is handed out again: no port was leaked. */
    private static void assertEveryPortCanBeHandedOut() throws SQLException {
        if (client.clones().stream().anyMatch(c -> c.id().equals(VICTIM))) {
            client.destroyClone(VICTIM);
            engine.awaitGone(VICTIM);
        }
        List<String> ids = IntStream.range(0, PORT_TO - PORT_FROM).mapToObj(i -> "fill" + i).toList();
        for (String id : ids) {
            client.createClone(request(id, "fill_user"));
        }
        for (String id : ids) {
            Waits.promptly("clone " + id + " created").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200))
                    .until(() -> !"CREATING".equals(client.clone(id).status().code()));
            Clone clone = client.clone(id);
            assertThat(clone.status().code()).as(clone.status().message()).isEqualTo("OK");
            assertThat(rows(clone)).isEqualTo(ROWS);
        }
        assertStateAndDiskAgree();
    }

    private static CloneRequest request(String id, String user) {
        return new CloneRequest(id, null, new CloneRequest.DbRequest(user, PASSWORD, false, null),
                new CloneRequest.SnapshotRef(baseSnapshot), null, null);
    }

    private static long rows(Clone clone) throws SQLException {
        return Long.parseLong(EngineProcess.scalar(clone, PASSWORD, "SELECT count(*) FROM items"));
    }

    private static Path dirOf(Clone clone) {
        return engine.poolRoot(clone.snapshot().pool()).resolve("clones").resolve(clone.id());
    }

    private static List<Path> mountsUnder(Path dir) throws IOException {
        List<Path> mounts = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
            Path mountPoint = Path.of(Arrays.asList(line.split(" ")).get(4));
            if (mountPoint.startsWith(dir)) {
                mounts.add(mountPoint);
            }
        }
        return mounts;
    }
}
