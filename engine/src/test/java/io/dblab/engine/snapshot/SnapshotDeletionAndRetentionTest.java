package io.dblab.engine.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dblab.client.DblabApiException;
import io.dblab.client.model.Clone;
import io.dblab.client.model.Snapshot;
import io.dblab.engine.EngineFixture;
import java.net.ConnectException;
import java.net.Socket;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code DELETE /snapshot/{id}} with and without {@code force}, and {@code retrieval.retention.limit}, through the API. */
class SnapshotDeletionAndRetentionTest {
    private static final String PASSWORD = "Snapshot-Delete-6043-curlew";
    private static final int RETENTION_LIMIT = 2;
    private static EngineFixture engine;

    @BeforeAll
    static void start() {
        engine = EngineFixture.start(EngineFixture.Setup.logical(16670, 16679).withRetention(RETENTION_LIMIT));
    }

    @AfterAll
    static void stop() {
        if (engine != null) {
            engine.close();
        }
    }

    /** Without force a snapshot with a clone stays; with force the clone goes first, then the snapshot, also on disk. */
    @Test
    void deletingASnapshotWithACloneNeedsForceWhichDestroysTheClone() throws Exception {
        Snapshot snapshot = engine.client().createSnapshot(null);
        Clone clone = engine.createClone("force1", "fiona", PASSWORD, false, snapshot.id());
        int port = Integer.parseInt(clone.db().port());

        assertThatThrownBy(() -> engine.client().deleteSnapshot(snapshot.id(), false))
                .isInstanceOfSatisfying(DblabApiException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(400);
                    assertThat(e.getMessage()).contains("has dependent clones: force1").contains("force=true");
                });
        assertThat(engine.client().snapshot(snapshot.id()).clones()).containsExactly("force1");
        assertThat(EngineFixture.queryLong(clone, PASSWORD, "SELECT count(*) FROM orders")).isEqualTo(20000);

        assertThat(engine.client().deleteSnapshot(snapshot.id(), true).message()).isEqualTo("Deleted snapshot");
        assertNotFound(() -> engine.client().clone("force1"));
        assertThatThrownBy(() -> new Socket("127.0.0.1", port).close()).isInstanceOf(ConnectException.class);
        assertThat(engine.client().clones()).extracting(Clone::id).doesNotContain("force1");
        assertSnapshotUnknown(() -> engine.client().snapshot(snapshot.id()));
        assertThat(engine.client().snapshots()).extracting(Snapshot::id).doesNotContain(snapshot.id());
        assertThat(engine.poolRoot().resolve("snapshots").resolve(name(snapshot))).doesNotExist();
        assertThat(engine.poolRoot().resolve("clones").resolve("force1")).doesNotExist();
        // the id named the deleted snapshot; a new snapshot gets one of its own
        assertThat(engine.client().createSnapshot(null).id()).isGreaterThan(snapshot.id());
    }

    /**
     * Of the snapshots without clones that are not protected, exactly the newest {@value #RETENTION_LIMIT}
     * are kept; an older protected one and an older one with a clone stay as well.
     */
    @Test
    void retentionKeepsTheNewestUnprotectedSnapshotsWithoutClonesAndTheOthers() {
        Snapshot protectedOne = engine.client().createSnapshot(null);
        Snapshot withClone = engine.client().createSnapshot(null);
        assertThat(engine.client().updateSnapshot(protectedOne.id(), true).isProtected()).isTrue();
        engine.createClone("keep1", "kira", PASSWORD, false, withClone.id());
        List<String> newer = new ArrayList<>();
        for (int i = 0; i <= RETENTION_LIMIT; i++) {
            newer.add(engine.client().createSnapshot(null).id());
        }
        // ids carry the creation time: in one pool they grow with every snapshot, so the newest by id are the newest
        List<String> created = new ArrayList<>(List.of(protectedOne.id(), withClone.id()));
        created.addAll(newer);
        assertThat(created).isSorted().doesNotHaveDuplicates();
        Collections.reverse(newer);
        List<String> newest = newer.subList(0, RETENTION_LIMIT);

        List<Snapshot> kept = engine.client().snapshots();
        assertThat(kept.stream().filter(s -> !s.isProtected() && s.numClones() == 0))
                .extracting(Snapshot::id).containsExactlyElementsOf(newest);
        // everything older that is neither protected nor cloned is gone, from the API and from the pool
        List<String> expected = new ArrayList<>(newest);
        expected.addAll(List.of(protectedOne.id(), withClone.id()));
        assertThat(kept).extracting(Snapshot::id).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(engine.client().snapshot(protectedOne.id()).isProtected()).isTrue();
        assertThat(engine.client().snapshot(withClone.id()).clones()).containsExactly("keep1");
        assertThat(engine.poolRoot().resolve("snapshots").toFile().list())
                .containsExactlyInAnyOrderElementsOf(kept.stream().map(SnapshotDeletionAndRetentionTest::name).toList());

        engine.client().updateSnapshot(protectedOne.id(), false);
        engine.client().destroyClone("keep1");
        engine.awaitGone("keep1");
    }

    private static String name(Snapshot snapshot) {
        return snapshot.id().substring(snapshot.id().indexOf('@') + 1);
    }

    private static void assertNotFound(ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOfSatisfying(DblabApiException.class,
                e -> assertThat(e.httpStatus()).isEqualTo(404));
    }

    /** An unknown snapshot is a bad request (400, "not found"), as the reference answers. */
    private static void assertSnapshotUnknown(ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOfSatisfying(DblabApiException.class, e -> {
            assertThat(e.httpStatus()).isEqualTo(400);
            assertThat(e.getMessage()).contains("not found");
        });
    }
}
