package io.dblab.cli.config;

import io.dblab.cli.DblabCommand;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code dblab init}: saves the connection settings so later commands need no flags. */
@Command(name = "init",
        description = "Save the engine's URL, token and options in ~/.dblab/cli/cli.yml (owner-only) for later commands.")
public final class InitCommand implements Callable<Integer> {

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
        try {
            EnvironmentSettings.checkId(environmentId);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "Invalid --environment-id: " + e.getMessage());
        }
        CliConfig.Environment environment = EnvironmentSettings.create(flags, dblab.forwardingFlags(), dblab.env());
        CliConfigFile file = dblab.configFile();
        // unlike the reference, init replaces an environment of the same name: './dblab demo' prints an
        // init line with a new token on every start, and running it again must work
        file.save(file.load().withCurrent(environmentId, environment));
        spec.commandLine().getOut().printf(
                "Database Lab CLI is successfully initialized. Environment \"%s\" is created.%n", environmentId);
        return 0;
    }
}
