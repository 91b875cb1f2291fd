package io.dblab.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code dblab help [COMMAND…]}: the usage of dblab or of one of its commands, as {@code --help}
 * prints it. picocli's own help command cannot be used: it declares a {@code -h} of its own, which
 * clashes with the inherited one.
 */
@Command(name = "help", helpCommand = true,
        description = "Show the usage of dblab or of a command, like 'dblab help clone create'.")
final class HelpSubcommand implements Runnable {
    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "COMMAND", arity = "0..*", description = "the command, and its subcommand if any")
    private List<String> names = new ArrayList<>();

    @Override
    public void run() {
        CommandLine command = spec.parent().commandLine();
        for (String name : names) {
            CommandLine sub = command.getSubcommands().get(name);
            if (sub == null) {
                throw new ParameterException(spec.commandLine(), "Unknown command: '" + String.join(" ", names)
                        + "'; 'dblab help' lists the commands");
            }
            command = sub;
        }
        command.usage(spec.commandLine().getOut());
    }
}
