package io.dblab.engine.state;

import java.util.List;

/** Everything the engine persists, written as one JSON document. */
public record EngineState(String instanceId, List<CloneRecord> clones, List<SnapshotRecord> snapshots,
                          List<BranchRecord> branches) {
    public EngineState {
        clones = clones == null ? List.of() : List.copyOf(clones);
        snapshots = snapshots == null ? List.of() : List.copyOf(snapshots);
        branches = branches == null ? List.of() : List.copyOf(branches);
    }
}
