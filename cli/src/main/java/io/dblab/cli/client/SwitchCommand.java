package io.dblab.cli.client;

import io.dblab.cli.CommandFailedException;
import io.dblab.cli.DblabCommand;
import io.dblab.client.model.BranchView;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code dblab switch BRANCH}: makes an existing branch the current one, saved in cli.yml. */
@Command(name = "switch", description = "Make a branch the current one: 'clone create' and 'log' then use it.")
public final class SwitchCommand implements Callable<Integer> {
    @ParentCommand
    private DblabCommand dblab;

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "BRANCH_NAME", description = "the branch to switch to")
    private String name;

    @Override
    public Integer call() {
        boolean exists = dblab.client().branches().stream().map(BranchView::name).anyMatch(name::equals);
        if (!exists) {
            throw new CommandFailedException("branch '" + name + "' not found; 'dblab branch' lists the branches");
        }
        BranchSwitch.save(dblab.configFile(), name);
        spec.commandLine().getOut().printf("Switched to branch '%s'%n", name);
        return 0;
    }
}
