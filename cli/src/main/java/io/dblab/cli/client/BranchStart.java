package io.dblab.cli.client;

import io.dblab.client.model.BranchCreateRequest;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Where a new branch starts, as {@code --parent-branch} or {@code --snapshot-id}: the options of
 * {@code dblab branch NAME} and of {@code dblab branch create NAME}, declared once for both.
 */
final class BranchStart {
    @Spec(Spec.Target.MIXEE)
    private CommandSpec command;

    @Option(names = "--parent-branch", paramLabel = "BRANCH",
            description = "start the new branch at this branch's head (default: the current branch)")
    private String parentBranch;

    @Option(names = "--snapshot-id", paramLabel = "SNAPSHOT_ID", description = "start the new branch at this snapshot")
    private String snapshotId;

    boolean isGiven() {
        return parentBranch != null || snapshotId != null;
    }

    /** The request for branch {@code name}; without either option it starts at {@code currentBranch}'s head. */
    BranchCreateRequest request(String name, String currentBranch) {
        if (parentBranch != null && snapshotId != null) {
            throw new ParameterException(command.commandLine(),
                    "--parent-branch and --snapshot-id cannot be used together");
        }
        String base = snapshotId != null ? null : parentBranch != null ? parentBranch : currentBranch;
        return new BranchCreateRequest(name, base, snapshotId);
    }
}
