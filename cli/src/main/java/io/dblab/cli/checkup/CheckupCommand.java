package io.dblab.cli.checkup;

import io.dblab.checkup.api.Check;
import io.dblab.checkup.runner.CheckRegistry;
import io.dblab.cli.CommandGroup;
import io.dblab.cli.DblabCommand;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code dblab checkup}: health reports of PostgreSQL clusters from metadata only. */
@Command(name = "checkup", description = "Health report of a PostgreSQL cluster (primary and standbys) from metadata only.",
        subcommands = {CheckupRunCommand.class, CheckupUploadCommand.class})
public final class CheckupCommand extends CommandGroup {
    @ParentCommand
    private DblabCommand dblab;

    DblabCommand dblab() {
        return dblab;
    }

    @Command(name = "list", description = "List the checks with their IDs.")
    int list() {
        PrintWriter out = spec.commandLine().getOut();
        for (Check check : CheckRegistry.load().all()) {
            out.printf("%s  %s%s%n", check.id(), check.title(),
                    check.scope() == io.dblab.checkup.api.HostScope.PRIMARY_ONLY ? " (primary only)" : "");
        }
        out.flush();
        return 0;
    }
}
