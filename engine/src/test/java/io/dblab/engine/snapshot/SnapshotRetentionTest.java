package io.dblab.engine.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import io.dblab.engine.pool.PoolRegistry;
import io.dblab.engine.pool.ReflinkProvider;
import io.dblab.engine.state.BranchRecord;
import io.dblab.engine.state.SnapshotRecord;
import io.dblab.engine.state.StateStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Retention keeps what branches stand on, and leaves commits to their branches. */
class SnapshotRetentionTest {
    @TempDir
    Path dir;

    @Test
    void retentionSkipsBranchHeadsAndCommits() throws IOException {
        ReflinkProvider pool = new ReflinkProvider("pool1", dir.resolve("pool1"));
        pool.open();
        Files.writeString(pool.dataDir().resolve("PG_VERSION"), "15\n");
        StateStore state = new StateStore(dir.resolve("state"));
        SnapshotService snapshots = new SnapshotService(state, new PoolRegistry(List.of(pool)));
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        SnapshotRecord oldest = snapshots.create(pool, t, "r1");
        SnapshotRecord older = snapshots.create(pool, t.plusSeconds(60), "r2");
        SnapshotRecord newest = snapshots.create(pool, t.plusSeconds(120), "r3");
        state.addBranch(new BranchRecord("pinned", BranchRecord.MAIN, oldest.id(), Instant.now()));
        SnapshotRecord commit = new SnapshotRecord("pool1", "snapshot_20250101000000", t, t, "pinned", "c", false,
                oldest.id());
        pool.createSnapshot(commit.name());
        state.putSnapshot(commit);

        List<String> removed = snapshots.applyRetention(pool, 1);

        assertThat(removed).containsExactly(older.id());
        assertThat(state.snapshots()).extracting(SnapshotRecord::id)
                .containsExactlyInAnyOrder(oldest.id(), newest.id(), commit.id());
        assertThat(pool.listSnapshots()).containsExactlyInAnyOrder(oldest.name(), newest.name(), commit.name());
        assertThat(state.branch(BranchRecord.MAIN).orElseThrow().head()).isEqualTo(newest.id());
    }
}
