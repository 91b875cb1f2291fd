package io.dblab.cli.client;

import io.dblab.cli.CommandFailedException;
import io.dblab.cli.DblabCommand;
import io.dblab.client.model.BranchCreateRequest;
import io.dblab.client.model.BranchView;
import java.io.PrintWriter;
import java.time.Instant;

/**
 * What the branch commands do, whichever way they are written: {@code dblab branch [NAME]
 * [--delete NAME] [--protected VALUE]}, its subcommands {@code list}, {@code create},
 * {@code delete}, {@code switch}, and {@code dblab switch}.
 */
final class Branches {
    private static final String MAIN_BRANCH = "main";

    private final DblabCommand dblab;
    private final PrintWriter out;

    Branches(DblabCommand dblab, PrintWriter out) {
        this.dblab = dblab;
        this.out = out;
    }

    int list() {
        // the reference always colours the current branch; escape codes only help a person at a terminal
        out.print(BranchListing.format(dblab.client().branches(), dblab.currentBranch(), System.console() != null,
                Instant.now()));
        return 0;
    }

    /** Creates the branch and, when there is a saved environment to remember it in, switches to it. */
    int create(BranchStart start, String name) {
        BranchCreateRequest request = start.request(name, dblab.currentBranch());
        String created = dblab.client().createBranch(request).name();
        boolean switched = BranchSwitch.trySave(dblab.configFile(), created);
        out.printf(switched ? "Switched to new branch '%s'%n" : "Created branch '%s'%n", created);
        return 0;
    }

    /** As the reference does, the current branch cannot be deleted, and the CLI is back on main after a deletion. */
    int delete(String name) {
        if (name.equals(dblab.currentBranch())) {
            throw new CommandFailedException("cannot delete branch '" + name + "': it is the current branch;"
                    + " switch to another one first");
        }
        dblab.client().deleteBranch(name);
        BranchSwitch.trySave(dblab.configFile(), MAIN_BRANCH);
        out.printf("Deleted branch '%s'%n", name);
        return 0;
    }

    int switchTo(String name) {
        boolean exists = dblab.client().branches().stream().map(BranchView::name).anyMatch(name::equals);
        if (!exists) {
            throw new CommandFailedException("branch '" + name + "' not found; 'dblab branch list' lists the branches");
        }
        BranchSwitch.save(dblab.configFile(), name);
        out.printf("Switched to branch '%s'%n", name);
        return 0;
    }

    /** Prints the engine's answer as the reference does: the branch's name and protection. */
    int protect(String name, Protection protection) {
        ReferenceOutput.print(out, ReferenceShapes.BRANCH_PROTECTION, dblab.client().tree(
                "PATCH", ReferenceOutput.path("/branch/", name), protection.request()));
        return 0;
    }
}
