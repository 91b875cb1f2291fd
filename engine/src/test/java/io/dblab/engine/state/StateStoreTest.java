package io.dblab.engine.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dblab.engine.ImmutableFile;
import io.dblab.testkit.TempDirs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** State writes on a real file system: a write that fails changes nothing, in memory or on disk. */
class StateStoreTest {
    private Path dir;

    @BeforeEach
    void makeDir() throws IOException {
        dir = Files.createTempDirectory("dblab-state-test-");
    }

    @AfterEach
    void removeDir() {
        TempDirs.deleteRecursively(dir);
    }

    @Test
    void aWriteIsOnDiskWhenItReturnsWithNoTemporaryFileLeft() throws IOException {
        StateStore store = new StateStore(dir);
        store.putSnapshot(snapshot("snapshot_20260101000000"));
        assertThat(store.transitions().create(clone("c1"), "Clone is being created.")).isPresent();

        StateStore reread = new StateStore(dir);
        assertThat(reread.snapshot("pool1@snapshot_20260101000000")).isPresent();
        assertThat(reread.clone("c1")).get().extracting(CloneRecord::status).isEqualTo(CloneStatus.CREATING);
        assertThat(reread.instanceId()).isEqualTo(store.instanceId());
        assertThat(Files.readString(dir.resolve("state.json"))).contains("\"statusCode\" : \"CREATING\"");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("state.json"))))
                .isEqualTo("rw-------");
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("state.json");
        }
    }

    /** The directory refuses new files: the temporary file cannot be made. */
    @Test
    void severalClonesChangeInOneWriteAndClonesThatAreGoneAreSkipped() {
        StateStore store = new StateStore(dir);
        store.transitions().create(clone("c1"), "Clone is being created.");
        store.transitions().create(clone("c2"), "Clone is being created.");
        Instant active = Instant.parse("2026-12-05T10:00:00Z");

        assertThat(store.updateClones(List.of("c1", "gone", "c2"), c -> c.withLastActivity(active)))
                .extracting(CloneRecord::id).containsExactly("c1", "c2");
        StateStore reread = new StateStore(dir);
        assertThat(reread.clones()).extracting(CloneRecord::lastActivity).containsOnly(active);
        assertThat(store.updateClones(List.of("gone"), c -> c.withLastActivity(active))).isEmpty();
        assertThatThrownBy(() -> store.updateClones(List.of("c1"), c -> c.withStatus(CloneStatus.OK, "ready")))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aFailedWriteInAnUnwritableDirectoryLeavesMemoryAndDiskAsTheyWere() throws IOException {
        StateStore store = new StateStore(dir);
        store.transitions().create(clone("c1"), "Clone is being created.");
        String before = Files.readString(dir.resolve("state.json"));

        try (ImmutableFile ignored = ImmutableFile.of(dir)) {
            assertThatThrownBy(() -> store.putSnapshot(snapshot("snapshot_20260101000000")))
                    .isInstanceOf(StateWriteException.class)
                    .hasMessageStartingWith("cannot save the engine state to " + dir.resolve("state.json"));
            assertThatThrownBy(() -> store.transitions().apply("c1", CloneEvent.PROVISIONED, "ready"))
                    .isInstanceOf(StateWriteException.class);
            assertThatThrownBy(() -> store.transitions().create(clone("c2"), "Clone is being created."))
                    .isInstanceOf(StateWriteException.class);
            assertThatThrownBy(() -> store.setHead(BranchRecord.MAIN, "pool1@x")).isInstanceOf(StateWriteException.class);
        }

        assertThat(store.snapshots()).isEmpty();
        assertThat(store.clone("c1")).get().extracting(CloneRecord::status).isEqualTo(CloneStatus.CREATING);
        assertThat(store.clone("c2")).isEmpty();
        assertThat(store.branch(BranchRecord.MAIN)).get().extracting(BranchRecord::head).isEqualTo("");
        assertThat(Files.readString(dir.resolve("state.json"))).isEqualTo(before);

        // writable again: the next change is written whole, and the failed ones are not in it
        store.transitions().apply("c1", CloneEvent.PROVISIONED, "ready");
        StateStore reread = new StateStore(dir);
        assertThat(reread.clone("c1")).get().extracting(CloneRecord::status).isEqualTo(CloneStatus.OK);
        assertThat(reread.snapshots()).isEmpty();
        assertThat(reread.clone("c2")).isEmpty();
    }

    /** The temporary file is written and synced, but the rename over the state file fails. */
    @Test
    void aFailedRenameLeavesMemoryAsItWasAndRemovesTheTemporaryFile() throws IOException {
        StateStore store = new StateStore(dir);
        store.transitions().create(clone("c1"), "Clone is being created.");

        try (ImmutableFile ignored = ImmutableFile.of(dir.resolve("state.json"))) {
            assertThatThrownBy(() -> store.transitions().apply("c1", CloneEvent.PROVISION_FAILED, "failed",
                    CloneRecord::withoutPort)).isInstanceOf(StateWriteException.class);
            assertThatThrownBy(() -> store.updateClone("c1", c -> c.withLastActivity(Instant.now())))
                    .isInstanceOf(StateWriteException.class);
        }

        assertThat(store.clone("c1")).get().satisfies(c -> {
            assertThat(c.status()).isEqualTo(CloneStatus.CREATING);
            assertThat(c.port()).isEqualTo(6000);
            assertThat(c.lastActivity()).isEqualTo(Instant.EPOCH);
        });
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("state.json");
        }
    }

    @Test
    void theStatusChangesOnlyThroughTheStateMachine() throws IOException {
        StateStore store = new StateStore(dir);
        store.transitions().create(clone("c1"), "Clone is being created.");
        assertThatThrownBy(() -> store.updateClone("c1", c -> c.withStatus(CloneStatus.OK, "ready")))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> store.transitions().apply("c1", CloneEvent.RESET, "Clone is being reset."))
                .isInstanceOf(InvalidTransitionException.class)
                .hasMessage("cannot reset clone 'c1': it is CREATING (being created); that needs a clone that is OK or FATAL");
        assertThat(store.clone("c1")).get().extracting(CloneRecord::status).isEqualTo(CloneStatus.CREATING);

        store.transitions().apply("c1", CloneEvent.PROVISIONED, "ready");
        store.transitions().apply("c1", CloneEvent.DESTROY, "Clone is being deleted.");
        store.transitions().destroyed("c1");
        assertThat(new StateStore(dir).clones()).isEmpty();
    }

    /** A forced deletion moves all clones of the snapshot in one write, or none when one refuses. */
    @Test
    void forcedDeletionOfASnapshotTakesAllItsClonesOrNone() throws IOException {
        StateStore store = new StateStore(dir);
        CloneStateMachine machine = store.transitions();
        for (String id : List.of("a", "b", "c")) {
            machine.create(clone(id), "Clone is being created.");
        }
        machine.apply("a", CloneEvent.PROVISIONED, "ready");
        machine.apply("b", CloneEvent.PROVISIONED, "ready");
        assertThatThrownBy(() -> machine.beginForcedDeletion("pool1@s1"))
                .hasMessage("cannot delete snapshot 'pool1@s1' with force: cannot destroy clone 'c': it is CREATING "
                        + "(being created); that needs a clone that is OK or FATAL");
        assertThat(store.clones()).extracting(CloneRecord::status).containsOnly(CloneStatus.OK, CloneStatus.CREATING)
                .doesNotContain(CloneStatus.DELETING);

        machine.apply("c", CloneEvent.PROVISION_FAILED, "failed");
        machine.apply("b", CloneEvent.PROTECT, c -> c.withProtection(true, null));
        assertThatThrownBy(() -> machine.beginForcedDeletion("pool1@s1"))
                .hasMessage("snapshot 'pool1@s1' has the protected clone 'b'");

        machine.apply("b", CloneEvent.PROTECT, c -> c.withProtection(false, null));
        assertThat(machine.beginForcedDeletion("pool1@s1")).containsExactly("a", "b", "c");
        assertThat(new StateStore(dir).clones()).extracting(CloneRecord::status).containsOnly(CloneStatus.DELETING);
    }

    private static SnapshotRecord snapshot(String name) {
        return new SnapshotRecord("pool1", name, Instant.EPOCH, Instant.EPOCH, BranchRecord.MAIN, "", false, "");
    }

    private static CloneRecord clone(String id) {
        return new CloneRecord(id, "pool1", "pool1@s1", BranchRecord.MAIN, false, Instant.EPOCH, CloneStatus.CREATING,
                "", 6000, "u", "verifier", false, "postgres", Map.of(), 0, Instant.EPOCH, null, null, 0, false);
    }
}
