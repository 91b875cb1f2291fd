package io.dblab.cli;

import io.dblab.cli.config.CliConfigFile;
import io.dblab.cli.config.ConnectionFlags;
import io.dblab.cli.config.ConnectionSettings;
import io.dblab.cli.config.ForwardingFlags;
import io.dblab.client.DblabClient;
import io.dblab.engine.Engine;
import java.time.Duration;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The top {@code dblab} command. Its connection options are inherited, so they may be given before
 * or after the subcommand ({@code dblab --url U clone list} and {@code dblab clone list --url U}).
 * Its commands are registered by {@link CommandTree}, only those a command line needs.
 */
@Command(name = "dblab",
        description = "Database Lab: thin clones of PostgreSQL databases, and the engine that makes them.",
        synopsisSubcommandLabel = "COMMAND",
        versionProvider = DblabCommand.Version.class)
public final class DblabCommand extends CommandGroup {
    /** The reference CLI's variable for the branch to work on. */
    public static final String CURRENT_BRANCH_ENV = "DBLAB_CLI_CURRENT_BRANCH";
    private static final String MAIN_BRANCH = "main";

    @Option(names = "--url", scope = ScopeType.INHERIT, paramLabel = "URL",
            description = "engine API URL, like https://HOST:2345 (env DBLAB_INSTANCE_URL)")
    private String url;

    @Option(names = "--token", scope = ScopeType.INHERIT, paramLabel = "TOKEN",
            description = "verification token of the engine (env DBLAB_VERIFICATION_TOKEN)")
    private String token;

    @Option(names = {"-k", "--insecure"}, scope = ScopeType.INHERIT, arity = "0..1", fallbackValue = "true",
            paramLabel = "true|false",
            description = "do not verify the engine's TLS certificate (env DBLAB_INSECURE_SKIP_VERIFY)")
    private Boolean insecure;

    @Option(names = "--request-timeout", scope = ScopeType.INHERIT, paramLabel = "DURATION",
            converter = DurationConverter.class,
            description = "time limit of each API request, like 30s or 2m (env DBLAB_REQUEST_TIMEOUT; default 30s)")
    private Duration requestTimeout;

    @Option(names = "--forwarding-server-url", scope = ScopeType.INHERIT, paramLabel = "ssh://USER@HOST[:PORT]",
            description = "SSH server that 'port-forward' tunnels through (env DBLAB_CLI_FORWARDING_SERVER_URL)")
    private String forwardingServerUrl;

    @Option(names = "--forwarding-local-port", scope = ScopeType.INHERIT, paramLabel = "PORT",
            description = "local port of the tunnel (env DBLAB_CLI_FORWARDING_LOCAL_PORT; default: the remote port)")
    private String forwardingLocalPort;

    @Option(names = "--identity-file", scope = ScopeType.INHERIT, paramLabel = "FILE",
            description = "private key for the SSH server (env DBLAB_CLI_IDENTITY_FILE)")
    private String identityFile;

    @Option(names = "--current-branch", scope = ScopeType.INHERIT, paramLabel = "BRANCH",
            description = "branch to work on instead of the one 'dblab switch' chose (env " + CURRENT_BRANCH_ENV + ")")
    private String currentBranch;

    @Option(names = {"-h", "--help"}, scope = ScopeType.INHERIT, usageHelp = true, description = "show this help")
    private boolean helpRequested;

    @Option(names = {"-V", "--version"}, versionHelp = true, description = "print the version of dblab and exit")
    private boolean versionRequested;

    private final Map<String, String> env;

    public DblabCommand(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    public Map<String, String> env() {
        return env;
    }

    public ConnectionFlags connectionFlags() {
        return new ConnectionFlags(url, token, insecure, requestTimeout);
    }

    public ForwardingFlags forwardingFlags() {
        return new ForwardingFlags(forwardingServerUrl, forwardingLocalPort, identityFile);
    }

    public CliConfigFile configFile() {
        return CliConfigFile.inHome(env);
    }

    /** A client for the engine chosen by flags, environment and cli.yml, in that order. */
    public DblabClient client() {
        return ConnectionSettings.resolve(connectionFlags(), env, configFile().load()).newClient();
    }

    /** The branch to work on: --current-branch, the environment, the one saved by 'dblab switch', or main. */
    public String currentBranch() {
        if (currentBranch != null && !currentBranch.isBlank()) {
            return currentBranch;
        }
        String fromEnv = env.get(CURRENT_BRANCH_ENV);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return fromEnv;
        }
        return configFile().load().currentBranch().orElse(MAIN_BRANCH);
    }

    public JsonPrinter json() {
        return new JsonPrinter(spec.commandLine().getOut());
    }

    /** The CLI ships in one jar with the engine, so both have the engine's version. */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"dblab " + Engine.VERSION + " (Java " + Runtime.version() + ")"};
        }
    }
}
