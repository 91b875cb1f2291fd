package io.dblab.cli.client;

import io.dblab.cli.CommandFailedException;
import io.dblab.cli.CommandGroup;
import io.dblab.cli.DblabCommand;
import io.dblab.client.CloneWaiter;
import io.dblab.client.DblabClient;
import io.dblab.client.model.Clone;
import io.dblab.client.model.ResetRequest;
import io.dblab.client.model.Status;
import io.dblab.client.model.UpdateCloneRequest;
import java.io.PrintWriter;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code dblab clone}: thin clones, each a running PostgreSQL server of its own. */
@Command(name = "clone", description = "Create, inspect, protect, reset and destroy clones.",
        subcommands = {CloneCreateCommand.class, ClonePortForwardCommand.class})
public final class CloneCommand extends CommandGroup {
    @ParentCommand
    private DblabCommand dblab;

    DblabCommand dblab() {
        return dblab;
    }

    @Command(name = "list", description = "List the clones.")
    int list() {
        ReferenceOutput.printList(out(), ReferenceShapes.CLONE_VIEW, dblab.client().tree("GET", "/clones", null));
        return 0;
    }

    @Command(name = "status", description = "Print one clone.")
    int status(@Parameters(paramLabel = "CLONE_ID") String cloneId) {
        printClone(dblab.client(), cloneId);
        return 0;
    }

    @Command(name = "update", description = "Protect a clone from deletion, or lift the protection.")
    int update(
            @Parameters(paramLabel = "CLONE_ID") String cloneId,
            @Option(names = {"-p", "--protected"}, required = true, arity = "0..1", paramLabel = Protection.LABEL,
                    parameterConsumer = Protection.Consumer.class, description = Protection.DESCRIPTION)
            Protection protection) {
        ReferenceOutput.print(out(), ReferenceShapes.CLONE_VIEW, dblab.client().tree("PATCH",
                ReferenceOutput.path("/clone/", cloneId),
                new UpdateCloneRequest(protection.isProtected(), protection.minutes(), null)));
        return 0;
    }

    @Command(name = "reset", description = "Reset a clone to its snapshot (or another one), keeping its port and user.")
    int reset(
            @Parameters(paramLabel = "CLONE_ID") String cloneId,
            @Option(names = {"-a", "--async"}, description = "do not wait until the reset is done") boolean async,
            @ArgGroup ResetTarget target) throws InterruptedException {
        DblabClient client = dblab.client();
        client.resetClone(cloneId, target == null ? new ResetRequest(null, null) : target.toRequest());
        if (!async) {
            failIfFatal(new CloneWaiter(client).awaitStatusOtherThan(cloneId, Status.RESETTING), "reset");
        }
        out().println("The clone has been successfully reset: " + cloneId);
        return 0;
    }

    @Command(name = "destroy", description = "Destroy a clone.")
    int destroy(
            @Parameters(paramLabel = "CLONE_ID") String cloneId,
            @Option(names = {"-a", "--async"}, description = "do not wait until the clone is gone") boolean async)
            throws InterruptedException {
        DblabClient client = dblab.client();
        client.destroyClone(cloneId);
        if (!async) {
            new CloneWaiter(client).awaitGone(cloneId);
        }
        out().println("The clone has been successfully destroyed: " + cloneId);
        return 0;
    }

    /** The clone as the reference's {@code clone status} prints it. */
    void printClone(DblabClient client, String cloneId) {
        ReferenceOutput.print(out(), ReferenceShapes.CLONE_VIEW, client.tree("GET", ReferenceOutput.path("/clone/", cloneId), null));
    }

    /** A clone that ended FATAL is a failed command, with the engine's reason. */
    static void failIfFatal(Clone clone, String action) {
        if (Status.FATAL.equals(CloneWaiter.statusCode(clone))) {
            throw new CommandFailedException(action + " of clone " + clone.id() + " failed: " + clone.status().message());
        }
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
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
