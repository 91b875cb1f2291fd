package io.dblab.cli.client;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** The subcommands of {@code dblab branch}, each the same action as a spelling of the bare form. */
final class BranchSubcommands {
    private BranchSubcommands() {}

    /** Refuses arguments given to the bare form before the subcommand, then runs it. */
    abstract static class Subcommand implements Callable<Integer> {
        @ParentCommand
        private BranchCommand branch;

        @Spec
        private CommandSpec spec;

        @Override
        public final Integer call() {
            branch.refuseArgumentsBefore(spec);
            return run(branch.branches(spec));
        }

        abstract int run(Branches branches);
    }

    /** A subcommand for one branch, named by its one parameter. */
    abstract static class OnBranch extends Subcommand {
        @Parameters(paramLabel = "BRANCH_NAME", description = "the branch")
        String name;
    }

    @Command(name = "list", aliases = "ls", description = "List branches; * marks the current one.")
    static final class ListBranches extends Subcommand {
        @Override
        int run(Branches branches) {
            return branches.list();
        }
    }

    @Command(name = "create", description = "Create a branch and switch to it.")
    static final class CreateBranch extends OnBranch {
        @Mixin
        private BranchStart start;

        @Override
        int run(Branches branches) {
            return branches.create(start, name);
        }
    }

    @Command(name = "delete", aliases = "rm", description = "Delete a branch (not the current one).")
    static final class DeleteBranch extends OnBranch {
        @Override
        int run(Branches branches) {
            return branches.delete(name);
        }
    }

    @Command(name = "switch", description = SwitchCommand.DESCRIPTION)
    static final class SwitchBranch extends OnBranch {
        @Override
        int run(Branches branches) {
            return branches.switchTo(name);
        }
    }
}
