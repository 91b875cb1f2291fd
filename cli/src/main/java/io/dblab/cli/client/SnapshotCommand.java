package io.dblab.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.dblab.cli.CommandGroup;
import io.dblab.cli.DblabCommand;
import io.dblab.client.DblabClient;
import io.dblab.client.model.CommitRequest;
import io.dblab.client.model.SnapshotRequest;
import java.io.PrintWriter;
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
        ReferenceOutput.printList(out(), ReferenceShapes.SNAPSHOT_VIEW, dblab.client().tree("GET", "/snapshots", null));
        return 0;
    }

    @Command(name = "create", description = "Take a new snapshot of a pool's data, or of a clone's current state.")
    int create(
            @Option(names = "--pool", paramLabel = "POOL", description = "pool to snapshot (default: the active pool)")
            String pool,
            @Option(names = "--clone-id", paramLabel = "CLONE_ID", description = "snapshot this clone instead")
            String cloneId,
            @Option(names = "--message", paramLabel = "MESSAGE", description = "what the clone's snapshot holds")
            String message) {
        DblabClient client = dblab.client();
        JsonNode answer = cloneId != null
                ? client.tree("POST", "/snapshot/clone", new CommitRequest(cloneId, message == null ? "" : message))
                : client.tree("POST", "/snapshot", new SnapshotRequest(pool));
        ReferenceOutput.print(out(), ReferenceShapes.SNAPSHOT, answer);
        return 0;
    }

    @Command(name = "delete", description = "Delete a snapshot.")
    int delete(
            @Parameters(paramLabel = "SNAPSHOT_ID", description = "the snapshot, like pool@snapshot_20260101000000")
            String snapshotId,
            @Option(names = "--force", description = "also destroy the clones made from it") boolean force) {
        dblab.client().deleteSnapshot(snapshotId, force);
        out().printf("Deleted snapshot '%s'%n", snapshotId);
        return 0;
    }

    @Command(name = "update", description = "Protect a snapshot from retention and deletion, or lift the protection.")
    int update(
            @Parameters(paramLabel = "SNAPSHOT_ID", description = "the snapshot") String snapshotId,
            @Option(names = "--protected", required = true, arity = "0..1", paramLabel = Protection.LABEL,
                    parameterConsumer = Protection.Consumer.class, description = Protection.DESCRIPTION)
            Protection protection) {
        ReferenceOutput.print(out(), ReferenceShapes.SNAPSHOT, dblab.client().tree("PATCH",
                ReferenceOutput.path("/snapshot/", snapshotId), protection.request()));
        return 0;
    }

    private PrintWriter out() {
        return spec.commandLine().getOut();
    }
}
