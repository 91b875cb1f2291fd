package io.dblab.cli.config;

import io.dblab.cli.DblabCommand;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code dblab init}: saves the connection settings so later commands need no flags. */
@Command(name = "init",
        description = "Save the engine's URL, token and options in ~/.dblab/cli.yml (owner-only) for later commands.")
public final class InitCommand implements Callable<Integer> {
    private static final Pattern ENVIRONMENT_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*");

    @ParentCommand
    private DblabCommand dblab;

    @Spec
    private CommandSpec spec;

    @Option(names = "--environment-id", paramLabel = "ID", defaultValue = "default",
            description = "name under which the settings are saved and made current (default: ${DEFAULT-VALUE})")
    private String environmentId;

    @Override
    public Integer call() {
        ConnectionFlags flags = dblab.connectionFlags();
        if (flags.url() == null && dblab.env().get(ConnectionSettings.URL_ENV) == null) {
            throw new ParameterException(spec.commandLine(),
                    "Missing required option: '--url=URL' (or set " + ConnectionSettings.URL_ENV + ")");
        }
        if (!ENVIRONMENT_ID.matcher(environmentId).matches()) {
            throw new ParameterException(spec.commandLine(),
                    "Invalid --environment-id '" + environmentId + "': use letters, digits, '_', '.' and '-'");
        }
        CliConfig.Environment environment = ConnectionSettings.toSave(flags, dblab.env());
        CliConfigFile file = dblab.configFile();
        file.save(file.load().withCurrent(environmentId, environment));
        spec.commandLine().getOut().printf("Database Lab CLI is initialized: environment '%s' is saved in %s%n",
                environmentId, file.path());
        return 0;
    }
}
