package io.dblab.cli.client;

import io.dblab.cli.DblabCommand;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code dblab commit}: the clone's current state becomes a new snapshot, the new head of its branch. */
@Command(name = "commit", description = "Save a clone's current state as a new snapshot on its branch.")
public final class CommitCommand implements Callable<Integer> {
    @ParentCommand
    private DblabCommand dblab;

    @Spec
    private CommandSpec spec;

    @Option(names = "--clone-id", required = true, paramLabel = "CLONE_ID", description = "the clone to commit")
    private String cloneId;

    @Option(names = {"-m", "--message"}, paramLabel = "MESSAGE", description = "what changed")
    private String message;

    @Override
    public Integer call() {
        String snapshotId = dblab.client().commit(cloneId, message == null ? "" : message).snapshotID();
        spec.commandLine().getOut().printf("Created new snapshot '%s'%n", snapshotId);
        return 0;
    }
}
