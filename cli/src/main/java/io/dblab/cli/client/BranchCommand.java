package io.dblab.cli.client;

import io.dblab.cli.DblabCommand;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code dblab branch}, as in the reference CLI. The bare form: without arguments it lists the
 * branches and marks the current one; {@code dblab branch NAME} creates a branch and switches to
 * it; {@code --delete NAME} deletes one; {@code --protected VALUE NAME} protects one from deletion,
 * or lifts that. The subcommands {@code list}, {@code create}, {@code delete} and {@code switch} say
 * the same without doubt, and win over a branch name: {@code dblab branch create list} makes a
 * branch named {@code list}.
 */
@Command(name = "branch", description = {"List branches (* marks the current one), create a branch and switch to it,"
        + " delete one, or protect one.",
        "A BRANCH_NAME alone creates a branch; one named like a subcommand is made with 'branch create NAME'."},
        subcommands = {BranchSubcommands.ListBranches.class, BranchSubcommands.CreateBranch.class, BranchSubcommands.DeleteBranch.class,
                BranchSubcommands.SwitchBranch.class})
public final class BranchCommand implements Callable<Integer> {
    @ParentCommand
    private DblabCommand dblab;

    @Spec
    private CommandSpec spec;

    @Parameters(arity = "0..1", paramLabel = "BRANCH_NAME", description = "create this branch and switch to it")
    private String name;

    @Option(names = {"-d", "--delete"}, paramLabel = "BRANCH_NAME",
            description = "delete this branch; the same as 'branch delete BRANCH_NAME'")
    private String delete;

    @Mixin
    private BranchStart start;

    @Option(names = {"-p", "--protected"}, arity = "0..1", paramLabel = Protection.LABEL,
            parameterConsumer = Protection.Consumer.class,
            description = "change the protection of BRANCH_NAME instead of creating it; " + Protection.DESCRIPTION)
    private Protection protection;

    @Override
    public Integer call() {
        if (delete != null) {
            if (name != null || start.isGiven() || protection != null) {
                throw usage("--delete takes only the branch to delete");
            }
            return branches(spec).delete(delete);
        }
        if (protection != null) {
            if (name == null) {
                throw usage("--protected needs the BRANCH_NAME whose protection to change");
            }
            if (start.isGiven()) {
                throw usage("--protected changes an existing branch: --parent-branch and --snapshot-id do not apply");
            }
            return branches(spec).protect(name, protection);
        }
        if (name != null) {
            return branches(spec).create(start, name);
        }
        if (start.isGiven()) {
            throw usage("--parent-branch and --snapshot-id need the BRANCH_NAME to create");
        }
        return branches(spec).list();
    }

    /** The branch commands, printing to {@code command}'s output. */
    Branches branches(CommandSpec command) {
        return new Branches(dblab, command.commandLine().getOut());
    }

    /**
     * Fails when the bare form got arguments before {@code subcommand}: picocli would parse them and
     * then run only the subcommand, so {@code branch --snapshot-id X create dev} would start the
     * branch elsewhere than asked and {@code branch --protected 2h list} would protect nothing.
     */
    void refuseArgumentsBefore(CommandSpec subcommand) {
        String before = " cannot come before the " + subcommand.name() + " subcommand; ";
        // the values, not picocli's parse result: that leaves out --protected, whose value is read by a consumer
        Optional<OptionSpec> given = spec.options().stream()
                .filter(o -> !o.usageHelp() && !o.versionHelp() && o.getValue() != null).findFirst();
        if (given.isPresent()) {
            String flag = given.get().longestName();
            throw new ParameterException(subcommand.commandLine(), flag + before + (subcommand.findOption(flag) != null
                    ? "write it after: 'dblab branch " + subcommand.name() + " " + flag + " " + given.get().paramLabel()
                    + " …'" : "it belongs to 'dblab branch' without a subcommand"));
        }
        if (name != null) {
            throw new ParameterException(subcommand.commandLine(), "'" + name + "'" + before
                    + "write 'dblab branch " + subcommand.name() + " BRANCH_NAME'");
        }
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
