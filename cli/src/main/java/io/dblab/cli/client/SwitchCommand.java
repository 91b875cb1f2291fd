package io.dblab.cli.client;

import io.dblab.cli.DblabCommand;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code dblab switch BRANCH}, the same as {@code dblab branch switch BRANCH}. */
@Command(name = "switch", description = SwitchCommand.DESCRIPTION)
public final class SwitchCommand implements Callable<Integer> {
    static final String DESCRIPTION = "Make a branch the current one: 'clone create' and 'log' then use it.";

    @ParentCommand
    private DblabCommand dblab;

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "BRANCH_NAME", description = "the branch to switch to")
    private String name;

    @Override
    public Integer call() {
        return new Branches(dblab, spec.commandLine().getOut()).switchTo(name);
    }
}
