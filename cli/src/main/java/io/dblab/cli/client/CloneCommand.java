package io.dblab.cli.client;

import io.dblab.cli.CommandFailedException;
import io.dblab.cli.CommandGroup;
import io.dblab.cli.DblabCommand;
import io.dblab.client.CloneWaiter;
import io.dblab.client.DblabClient;
import io.dblab.client.model.Clone;
import io.dblab.client.model.ResetRequest;
import io.dblab.client.model.Status;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code dblab clone}: thin clones, each a running PostgreSQL server of its own. */
@Command(name = "clone", description = "Create, inspect, protect, reset and destroy clones.",
        subcommands = CloneCreateCommand.class)
public final class CloneCommand extends CommandGroup {
    @ParentCommand
    private DblabCommand dblab;

    DblabCommand dblab() {
        return dblab;
    }

    @Command(name = "list", description = "List the clones.")
    int list() {
        dblab.json().print(dblab.client().clones());
        return 0;
    }

    @Command(name = "status", description = "Print one clone.")
    int status(@Parameters(paramLabel = "CLONE_ID") String cloneId) {
        dblab.json().print(dblab.client().clone(cloneId));
        return 0;
    }

    @Command(name = "update", description = "Protect a clone from deletion, or lift the protection.")
    int update(
            @Parameters(paramLabel = "CLONE_ID") String cloneId,
            @Option(names = {"-p", "--protected"}, required = true, arity = "0..1", fallbackValue = "true",
                    paramLabel = "true|false",
                    description = "whether the clone is protected; alone it means true") boolean isProtected) {
        dblab.json().print(dblab.client().updateClone(cloneId, isProtected));
        return 0;
    }

    @Command(name = "reset", description = "Reset a clone to its snapshot (or another one), keeping its port and user.")
    int reset(
            @Parameters(paramLabel = "CLONE_ID") String cloneId,
            @Option(names = {"-a", "--async"}, description = "do not wait until the reset is done") boolean async,
            @ArgGroup ResetTarget target) throws InterruptedException {
        DblabClient client = dblab.client();
        client.resetClone(cloneId, target == null ? new ResetRequest(null, null) : target.toRequest());
        Clone clone = async ? client.clone(cloneId)
                : new CloneWaiter(client).awaitStatusOtherThan(cloneId, Status.RESETTING);
        return printOutcome(clone, "reset");
    }

    @Command(name = "destroy", description = "Destroy a clone.")
    int destroy(
            @Parameters(paramLabel = "CLONE_ID") String cloneId,
            @Option(names = {"-a", "--async"}, description = "do not wait until the clone is gone") boolean async)
            throws InterruptedException {
        DblabClient client = dblab.client();
        client.destroyClone(cloneId);
        if (async) {
            spec.commandLine().getOut().println("The clone is being destroyed: " + cloneId);
        } else {
            new CloneWaiter(client).awaitGone(cloneId);
            spec.commandLine().getOut().println("The clone has been destroyed: " + cloneId);
        }
        return 0;
    }

    /** Prints the clone; a FATAL one is a failed command, with the engine's reason. */
    int printOutcome(Clone clone, String action) {
        dblab.json().print(clone);
        if (Status.FATAL.equals(CloneWaiter.statusCode(clone))) {
            throw new CommandFailedException(action + " of clone " + clone.id() + " failed: " + clone.status().message());
        }
        return 0;
    }

    /** What to reset to: the clone's own snapshot when neither is given. */
    static final class ResetTarget {
        @Option(names = "--latest", required = true, description = "reset to the newest snapshot")
        boolean latest;

        @Option(names = "--snapshot-id", required = true, paramLabel = "SNAPSHOT_ID",
                description = "reset to this snapshot")
        String snapshotId;

        ResetRequest toRequest() {
            return new ResetRequest(snapshotId, latest ? Boolean.TRUE : null);
        }
    }
}
