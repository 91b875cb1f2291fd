package io.dblab.cli.client;

import io.dblab.cli.CommandGroup;
import io.dblab.cli.DblabCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code dblab snapshot}: the snapshots clones are made from. */
@Command(name = "snapshot", description = "List, create and delete snapshots.")
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
}
