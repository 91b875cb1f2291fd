package io.dblab.cli.client;

import io.dblab.cli.CommandGroup;
import io.dblab.cli.DblabCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code dblab snapshot}: the snapshots clones are made from. */
@Command(name = "snapshot", description = "List, create, protect and delete snapshots.")
public final class SnapshotCommand extends CommandGroup {
    @ParentCommand
    private DblabCommand dblab;

    @Command(name = "list", description = "List the snapshots.")
    int list() {
        dblab.json().print(dblab.client().snapshots());
        return 0;
    }

    @Command(name = "create", description = "Take a new snapshot of a pool's data.")
    int create(@Option(names = "--pool", paramLabel = "POOL",
            description = "pool to snapshot (default: the active pool)") String pool) {
        dblab.json().print(dblab.client().createSnapshot(pool));
        return 0;
    }

    @Command(name = "delete", description = "Delete a snapshot.")
    int delete(
            @Parameters(paramLabel = "SNAPSHOT_ID", description = "the snapshot, like pool@snapshot_20260101000000")
            String snapshotId,
            @Option(names = "--force", description = "also destroy the clones made from it") boolean force) {
        dblab.json().print(dblab.client().deleteSnapshot(snapshotId, force));
        return 0;
    }

    @Command(name = "update", description = "Protect a snapshot from retention and deletion, or lift the protection.")
    int update(
            @Parameters(paramLabel = "SNAPSHOT_ID", description = "the snapshot") String snapshotId,
            @Option(names = "--protected", required = true, arity = "0..1", fallbackValue = "true",
                    paramLabel = "true|false",
                    description = "whether the snapshot is protected; alone it means true") boolean isProtected) {
        dblab.json().print(dblab.client().updateSnapshot(snapshotId, isProtected));
        return 0;
    }
}
