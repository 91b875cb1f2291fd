package io.dblab.cli.config;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dblab.cli.CommandFailedException;
import io.dblab.cli.CommandGroup;
import io.dblab.cli.DblabCommand;
import io.dblab.cli.client.GoJson;
import io.dblab.serverkit.config.Durations;
import java.io.PrintWriter;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code dblab config}: the named environments in the CLI's config file, managed as with the
 * reference CLI, with its messages and its {@code view}/{@code list} layout. The connection and
 * forwarding options ({@code --url}, {@code --token}, {@code --forwarding-server-url}, …) are the
 * global ones, so they go before or after the subcommand.
 */
@Command(name = "config", description = "Create, update, view, list, switch and remove CLI environments.")
public final class ConfigCommand extends CommandGroup {
    private static final String ENV_HEADER = "ENV ";
    private static final String URL_HEADER = "URL";
    private static final String FORWARDING_SERVER_HEADER = "Forwarding server URL";
    private static final String FORWARDING_PORT_HEADER = "Forwarding local port";
    private static final int COLUMN_GAP = 2;

    @ParentCommand
    private DblabCommand dblab;

    @Command(name = "create", description = "Create an environment (--url is required) and make it the current one.")
    int create(@Parameters(paramLabel = "ENVIRONMENT_ID") String id) {
        EnvironmentSettings.checkId(id);
        if (dblab.connectionFlags().url() == null) {
            throw new IllegalArgumentException("Required flag \"url\" not set");
        }
        CliConfigFile file = dblab.configFile();
        CliConfig config = file.load();
        if (config.environments().containsKey(id)) {
            throw new IllegalArgumentException("environment \"" + id + "\" is already initialized");
        }
        CliConfig.Environment environment = EnvironmentSettings.create(dblab.connectionFlags(), dblab.forwardingFlags(), Map.of());
        file.save(config.withCurrent(id, environment));
        out().printf("The \"%s\" environment is successfully created.%n", id);
        return 0;
    }

    @Command(name = "update", description = "Change the given settings of an environment and make it the current one.")
    int update(@Parameters(paramLabel = "ENVIRONMENT_ID") String id) {
        CliConfigFile file = dblab.configFile();
        CliConfig config = file.load();
        CliConfig.Environment old = config.environments().get(EnvironmentSettings.checkId(id));
        if (old == null) {
            throw new IllegalArgumentException("environment \"" + id + "\" not found");
        }
        file.save(config.withCurrent(id, EnvironmentSettings.update(old, dblab.connectionFlags(), dblab.forwardingFlags())));
        out().printf("The \"%s\" environment is successfully updated.%n", id);
        return 0;
    }

    @Command(name = "view", description = "Print an environment's settings as JSON (default: the current one).")
    int view(@Parameters(paramLabel = "ENVIRONMENT_ID", arity = "0..1") String id) {
        CliConfig config = dblab.configFile().load();
        String chosen = id != null ? id : config.currentEnvironment() == null ? "" : config.currentEnvironment();
        CliConfig.Environment environment = config.environments().get(chosen);
        if (environment == null) {
            throw new CommandFailedException("Configuration of environment \"" + chosen + "\" not found.");
        }
        out().println(GoJson.write(asReferenceJson(chosen, environment)));
        return 0;
    }

    @Command(name = "list", description = "List the environments; [*] marks the current one.")
    int list() {
        CliConfig config = dblab.configFile().load();
        Map<String, CliConfig.Environment> environments = new java.util.TreeMap<>(config.environments());
        int nameWidth = environments.keySet().stream().mapToInt(String::length).max().orElse(0);
        int urlWidth = Math.max(URL_HEADER.length(),
                environments.values().stream().mapToInt(e -> e.url().length()).max().orElse(0));
        int serverWidth = Math.max(FORWARDING_SERVER_HEADER.length(),
                environments.values().stream().mapToInt(e -> e.forwarding().serverUrl().length()).max().orElse(0));
        StringBuilder text = new StringBuilder("Available CLI environments:\n");
        text.append(ENV_HEADER).append(" ".repeat(nameWidth + COLUMN_GAP))
                .append(padded(URL_HEADER, urlWidth)).append(padded(FORWARDING_SERVER_HEADER, serverWidth))
                .append(FORWARDING_PORT_HEADER).append('\n');
        environments.forEach((name, environment) -> text
                .append(name.equals(config.currentEnvironment()) ? "[*] " : "[ ] ")
                .append(padded(name, nameWidth)).append(padded(environment.url(), urlWidth))
                .append(padded(environment.forwarding().serverUrl(), serverWidth))
                .append(environment.forwarding().localPort()).append('\n'));
        out().print(text);
        out().flush();
        return 0;
    }

    @Command(name = "switch", description = "Make another environment the current one.")
    int switchTo(@Parameters(paramLabel = "ENVIRONMENT_ID") String id) {
        CliConfigFile file = dblab.configFile();
        file.save(file.load().switchedTo(EnvironmentSettings.checkId(id)));
        out().printf("The CLI environment is successfully switched to \"%s\".%n", id);
        return 0;
    }

    @Command(name = "remove", description = "Remove an environment; if it was the current one, another becomes current.")
    int remove(@Parameters(paramLabel = "ENVIRONMENT_ID") String id) {
        CliConfigFile file = dblab.configFile();
        CliConfig remaining = file.load().without(EnvironmentSettings.checkId(id));
        file.save(remaining);
        out().printf("Environment \"%s\" is successfully removed.%nThe current environment is \"%s\".%n",
                id, remaining.currentEnvironment());
        return 0;
    }

    /** The reference's Environment struct as JSON: the id first, the timeout only when set, Go's duration text. */
    static ObjectNode asReferenceJson(String id, CliConfig.Environment environment) {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("environment_id", id);
        json.put("url", nullToEmpty(environment.url()));
        json.put("token", nullToEmpty(environment.token()));
        json.put("insecure", environment.insecure());
        String timeout = environment.requestTimeout();
        if (timeout != null && !timeout.isBlank()) {
            json.put("request_timeout", GoDuration.format(Durations.parse(timeout)));
        }
        ObjectNode forwarding = json.putObject("forwarding");
        forwarding.put("server_url", environment.forwarding().serverUrl());
        forwarding.put("local_port", environment.forwarding().localPort());
        forwarding.put("identity_file", environment.forwarding().identityFile());
        String branch = environment.branching() == null ? null : environment.branching().currentBranch();
        json.putObject("branching").put("current_branch", nullToEmpty(branch));
        return json;
    }

    private static String padded(String text, int width) {
        return text + " ".repeat(width - text.length() + COLUMN_GAP);
    }

    private static String nullToEmpty(String text) {
        return text == null ? "" : text;
    }

    private PrintWriter out() {
        return spec.commandLine().getOut();
    }
}
