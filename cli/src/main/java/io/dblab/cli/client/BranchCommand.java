package io.dblab.cli.client;

import io.dblab.cli.DblabCommand;
import io.dblab.client.DblabClient;
import io.dblab.client.model.BranchCreateRequest;
import io.dblab.client.model.BranchView;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code dblab branch}, as in the reference CLI: without arguments it lists the branches and marks
 * the current one; {@code dblab branch NAME} creates a branch and switches to it;
 * {@code dblab branch --delete NAME} deletes one; {@code dblab branch --protected VALUE NAME}
 * protects one from deletion, or lifts that.
 */
@Command(name = "branch", description = "List branches (* marks the current one), create a branch and switch to it,"
        + " delete one, or protect one.")
public final class BranchCommand implements Callable<Integer> {
    private static final String MAIN_BRANCH = "main";
    private static final String GREEN = "\033[1;32m";
    private static final String PLAIN = "\033[0m";

    @ParentCommand
    private DblabCommand dblab;

    @Spec
    private CommandSpec spec;

    @Parameters(arity = "0..1", paramLabel = "BRANCH_NAME", description = "create this branch and switch to it")
    private String name;

    @Option(names = {"-d", "--delete"}, paramLabel = "BRANCH_NAME", description = "delete this branch")
    private String delete;

    @Option(names = "--parent-branch", paramLabel = "BRANCH",
            description = "start the new branch at this branch's head (default: the current branch)")
    private String parentBranch;

    @Option(names = "--snapshot-id", paramLabel = "SNAPSHOT_ID", description = "start the new branch at this snapshot")
    private String snapshotId;

    @Option(names = {"-p", "--protected"}, arity = "0..1", paramLabel = Protection.LABEL,
            parameterConsumer = Protection.Consumer.class,
            description = "change the protection of BRANCH_NAME instead of creating it; " + Protection.DESCRIPTION)
    private Protection protection;

    @Override
    public Integer call() {
        if (parentBranch != null && snapshotId != null) {
            throw usage("--parent-branch and --snapshot-id cannot be used together");
        }
        if (delete != null) {
            if (name != null || parentBranch != null || snapshotId != null || protection != null) {
                throw usage("--delete takes only the branch to delete");
            }
            return delete();
        }
        if (protection != null) {
            if (name == null) {
                throw usage("--protected needs the BRANCH_NAME whose protection to change");
            }
            if (parentBranch != null || snapshotId != null) {
                throw usage("--protected changes an existing branch: --parent-branch and --snapshot-id do not apply");
            }
            return protect();
        }
        if (name != null) {
            return create();
        }
        if (parentBranch != null || snapshotId != null) {
            throw usage("--parent-branch and --snapshot-id need the BRANCH_NAME to create");
        }
        return list();
    }

    private int list() {
        List<BranchView> branches = dblab.client().branches();
        PrintWriter out = spec.commandLine().getOut();
        if (branches.isEmpty()) {
            out.println("No branches found");
            return 0;
        }
        String current = dblab.currentBranch();
        // the reference always colours the current branch; escape codes only help a person at a terminal
        boolean terminal = System.console() != null;
        for (BranchView b : branches) {
            boolean isCurrent = b.name().equals(current);
            String name = isCurrent && terminal ? GREEN + b.name() + PLAIN : b.name();
            out.println((isCurrent ? "* " : "  ") + name);
        }
        return 0;
    }

    private int create() {
        DblabClient client = dblab.client();
        String base = snapshotId != null ? null : parentBranch != null ? parentBranch : dblab.currentBranch();
        String created = client.createBranch(new BranchCreateRequest(name, base, snapshotId)).name();
        boolean switched = BranchSwitch.trySave(dblab.configFile(), created);
        spec.commandLine().getOut().printf(switched ? "Switched to new branch '%s'%n" : "Created branch '%s'%n", created);
        return 0;
    }

    /** Prints the engine's answer as the reference does: the branch's name and protection. */
    private int protect() {
        ReferenceOutput.print(spec.commandLine().getOut(), ReferenceShapes.BRANCH_PROTECTION, dblab.client().tree(
                "PATCH", ReferenceOutput.path("/branch/", name), protection.request()));
        return 0;
    }

    /** As the reference does, the CLI is back on main after a deletion, whichever branch was deleted. */
    private int delete() {
        dblab.client().deleteBranch(delete);
        BranchSwitch.trySave(dblab.configFile(), MAIN_BRANCH);
        spec.commandLine().getOut().printf("Deleted branch '%s'%n", delete);
        return 0;
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
