package io.dblab.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dblab.client.model.Clone;
import io.dblab.client.model.InstanceStatus;
import io.dblab.client.model.Snapshot;
import io.dblab.client.transport.EngineReply;
import io.dblab.testkit.PostgresProcesses;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The clone state machine through the real API on btrfs: a reset straight after creation, a
 * snapshot deleted while a clone of it is being created, and a destroy while a reset runs.
 */
class CloneStateMachineTest {
    private static final String PASSWORD = "State-Machine-7719-osprey";
    private static final Set<String> BUSY = Set.of("CREATING", "RESETTING");
    private static EngineFixture engine;
    private static ExecutorService racers;

    @BeforeAll
    static void start() {
        engine = EngineFixture.start(EngineFixture.Setup.logical(18000, 18019));
        racers = Executors.newFixedThreadPool(2);
    }

    @AfterAll
    static void stop() {
        if (racers != null) {
            racers.shutdownNow();
        }
        if (engine != null) {
            engine.close();
        }
    }

    /** Every test leaves no clone, clone directory or clone server behind. */
    @AfterEach
    void nothingLeftOver() {
        // a clone still being made or reset refuses to be destroyed: wait for it first
        engine.client().clones().stream().filter(c -> BUSY.contains(c.status().code())).forEach(c -> awaitSettled(c.id()));
        EngineFixture.destroyAllClones(engine.client());
        assertThat(engine.cloneDirs()).isEmpty();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(PostgresProcesses.dataDirsUnder(engine.poolRoot().resolve("clones"))).isEmpty());
    }

    /** Two clients at a time, 25 clones each: every clone is reset the moment it is OK, and must be OK again. */
    @Test
    void fiftyResetsStraightAfterCreationAllReachOk() throws Exception {
        List<Future<?>> lanes = new ArrayList<>();
        for (int lane = 0; lane < 2; lane++) {
            int first = lane * 25;
            lanes.add(racers.submit(() -> {
                for (int i = first; i < first + 25; i++) {
                    createThenReset("reset" + i);
                }
                return null;
            }));
        }
        for (Future<?> lane : lanes) {
            lane.get(10, TimeUnit.MINUTES);
        }
    }

    private static void createThenReset(String id) throws Exception {
        Clone created = engine.createClone(id, "ronja", PASSWORD, false);
        engine.client().resetClone(id, null);
        Clone reset = awaitSettled(id);
        assertThat(reset.status().code()).as("%s: %s", id, reset.status().message()).isEqualTo("OK");
        assertThat(reset.db().port()).isEqualTo(created.db().port());
        assertThat(EngineFixture.queryLong(reset, PASSWORD, "SELECT count(*) FROM orders")).isEqualTo(20000);
        engine.client().destroyClone(id);
        engine.awaitGone(id);
    }

    /**
     * A clone request and a deletion of its snapshot at the same moment: either the clone is made
     * and the deletion refused, or the snapshot is gone and the clone refused. Never both made.
     * Even rounds release both requests at once; odd ones send the deletion as soon as the clone
     * is recorded, while it is being created on the snapshot.
     */
    @Test
    void deletingASnapshotRacesCloningIt() throws Exception {
        for (int round = 0; round < 6; round++) {
            String id = "race" + round;
            Round answers = raceOnNewSnapshot(id, round % 2 == 1, "");
            Snapshot snapshot = answers.snapshot();
            if (answers.cloneAnswer().status() == 201) {
                assertThat(answers.deleteAnswer().status()).as(answers.deleteAnswer().body()).isEqualTo(400);
                assertThat(answers.deleteAnswer().body()).contains("has dependent clones: " + id);
                assertThat(awaitSettled(id).status().code()).isEqualTo("OK");
                assertThat(snapshotOnDisk(snapshot)).isTrue();
                engine.client().destroyClone(id);
                engine.awaitGone(id);
            } else {
                assertThat(answers.cloneAnswer().status()).as(answers.cloneAnswer().body()).isEqualTo(400);
                assertThat(answers.cloneAnswer().body()).contains("snapshot '" + snapshot.id() + "' not found");
                assertThat(answers.deleteAnswer().status()).as(answers.deleteAnswer().body()).isEqualTo(200);
                assertThat(engine.client().raw("GET", "/clone/" + id, null).status()).isEqualTo(404);
            }
            engine.client().raw("DELETE", "/snapshot/" + snapshot.id(), null);
            assertThat(snapshotOnDisk(snapshot)).isFalse();
        }
    }

    /**
     * With force the deletion takes the clone with it when the clone is settled; while the clone is
     * still being created it is refused (its server is starting on that snapshot), or it came first.
     */
    @Test
    void forceDeletingASnapshotRacesCloningIt() throws Exception {
        for (int round = 0; round < 6; round++) {
            String id = "frace" + round;
            Round answers = raceOnNewSnapshot(id, round % 2 == 1, "?force=true");
            Snapshot snapshot = answers.snapshot();
            if (answers.cloneAnswer().status() != 201) {
                assertThat(answers.cloneAnswer().status()).as(answers.cloneAnswer().body()).isEqualTo(400);
                assertThat(answers.cloneAnswer().body()).contains("not found");
                assertThat(answers.deleteAnswer().status()).as(answers.deleteAnswer().body()).isEqualTo(200);
            } else if (answers.deleteAnswer().status() == 200) {
                // the clone existed first and was destroyed with its snapshot
                engine.awaitGone(id);
            } else {
                assertThat(answers.deleteAnswer().status()).as(answers.deleteAnswer().body()).isEqualTo(400);
                assertThat(answers.deleteAnswer().body()).contains("clone '" + id + "'").contains("CREATING");
                assertThat(awaitSettled(id).status().code()).isEqualTo("OK");
                assertThat(snapshotOnDisk(snapshot)).isTrue();
                assertThat(engine.client().deleteSnapshot(snapshot.id(), true).message()).isEqualTo("Deleted snapshot");
                engine.awaitGone(id);
            }
            // an unknown snapshot is a bad request, as the reference answers
            assertThat(engine.client().raw("GET", "/snapshot/" + snapshot.id(), null).status()).isEqualTo(400);
            assertThat(snapshotOnDisk(snapshot)).isFalse();
            assertThat(engine.cloneDirs()).doesNotContain(id);
        }
    }

    @Test
    void destroyDuringResetIsRefusedAndWorksOnceTheResetIsDone() throws Exception {
        Clone clone = engine.createClone("dreset", "dora", PASSWORD, false);
        engine.client().resetClone("dreset", null);
        EngineReply refused = engine.client().raw("DELETE", "/clone/dreset", null);
        String status = engine.client().clone("dreset").status().code();
        if (BUSY.contains(status)) {
            assertThat(refused.status()).as(refused.body()).isEqualTo(400);
            assertThat(refused.body()).contains("cannot destroy clone 'dreset'").contains("RESETTING");
        }
        Clone reset = awaitSettled("dreset");
        assertThat(reset.status().code()).isEqualTo("OK");
        assertThat(EngineFixture.queryLong(reset, PASSWORD, "SELECT count(*) FROM orders")).isEqualTo(20000);
        assertThat(reset.db().port()).isEqualTo(clone.db().port());

        engine.client().destroyClone("dreset");
        engine.awaitGone("dreset");
        EngineReply resetGone = engine.client().raw("POST", "/clone/dreset/reset", null);
        assertThat(resetGone.status()).isEqualTo(404);
    }

    @Test
    void resetOfACloneBeingDeletedIsRefused() {
        engine.createClone("rdel", "rolf", PASSWORD, false);
        engine.client().destroyClone("rdel");
        EngineReply reset = engine.client().raw("POST", "/clone/rdel/reset", null);
        if (reset.status() != 404) { // unless the deletion was quicker than the request
            assertThat(reset.status()).as(reset.body()).isEqualTo(400);
            assertThat(reset.body()).contains("cannot reset clone 'rdel': it is DELETING");
        }
        engine.awaitGone("rdel");
    }

    /** A clone is made, reset and destroyed while audit.log refuses writes; GET /status says so meanwhile. */
    @Test
    void anUnwritableAuditLogRaisesAnAlertAndNeverFailsACloneOperation() throws Exception {
        Path log = engine.stateDir().resolve("audit.log");
        try (ImmutableFile ignored = ImmutableFile.of(log)) {
            Clone clone = engine.createClone("audit1", "alma", PASSWORD, false);
            engine.client().resetClone("audit1", null);
            assertThat(awaitSettled("audit1").status().code()).isEqualTo("OK");
            assertThat(EngineFixture.queryLong(clone, PASSWORD, "SELECT count(*) FROM orders")).isEqualTo(20000);

            InstanceStatus status = engine.client().status();
            assertThat(status.status().code()).isEqualTo("WARNING");
            assertThat(status.status().message()).isEqualTo("Subsystems that need attention: audit log");
            assertThat(status.retrieving().alerts()).containsKey("audit_write_failed");
            assertThat(status.retrieving().alerts().get("audit_write_failed").message())
                    .startsWith("The audit log " + log + " cannot be written (Operation not permitted)");

            engine.client().destroyClone("audit1");
            engine.awaitGone("audit1");
        }
        // writable again: the next audited request writes, records the gap and clears the alert
        engine.client().raw("PATCH", "/clone/nobody", "{\"protected\": true}");
        assertThat(engine.client().status().status().code()).isEqualTo("OK");
        assertThat(engine.client().status().retrieving().alerts()).doesNotContainKey("audit_write_failed");
        assertThat(Files.readString(log)).contains("\"action\":\"audit.lost\"").contains("PATCH /clone/nobody");
    }

    private record Round(Snapshot snapshot, EngineReply cloneAnswer, EngineReply deleteAnswer) {}

    /**
     * Makes a snapshot, then sends a clone request for it (clone {@code id}) and its deletion (with
     * {@code query}), released at the same moment or ({@code deleteAfterClone}) the deletion as soon
     * as the clone request has its answer.
     */
    private static Round raceOnNewSnapshot(String id, boolean deleteAfterClone, String query) throws Exception {
        Snapshot snapshot = engine.client().createSnapshot(null);
        String body = "{\"id\":\"" + id + "\",\"db\":{\"username\":\"racer\",\"password\":\"" + PASSWORD
                + "\"},\"snapshot\":{\"id\":\"" + snapshot.id() + "\"}}";
        CountDownLatch go = new CountDownLatch(1);
        CountDownLatch cloneAnswered = new CountDownLatch(1);
        Future<EngineReply> clone = racers.submit(() -> {
            go.await();
            try {
                return engine.client().raw("POST", "/clone", body);
            } finally {
                cloneAnswered.countDown();
            }
        });
        Future<EngineReply> delete = racers.submit(() -> {
            (deleteAfterClone ? cloneAnswered : go).await();
            return engine.client().raw("DELETE", "/snapshot/" + snapshot.id() + query, null);
        });
        go.countDown();
        Round round = new Round(snapshot, clone.get(1, TimeUnit.MINUTES), delete.get(1, TimeUnit.MINUTES));
        System.out.printf("race %s (%s): clone %d, delete %d %s%n", id, deleteAfterClone ? "delete after clone" : "at once",
                round.cloneAnswer().status(), round.deleteAnswer().status(), round.deleteAnswer().body());
        return round;
    }

    /** Waits until the clone is no longer being created or reset (a DELETING one counts as settled too). */
    private static Clone awaitSettled(String id) {
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(50))
                .until(() -> !BUSY.contains(engine.client().clone(id).status().code()));
        return engine.client().clone(id);
    }

    private static boolean snapshotOnDisk(Snapshot snapshot) {
        String name = snapshot.id().substring(snapshot.id().indexOf('@') + 1);
        return engine.poolRoot().resolve("snapshots").resolve(name).toFile().exists();
    }
}
