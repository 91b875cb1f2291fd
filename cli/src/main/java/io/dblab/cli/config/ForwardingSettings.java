package io.dblab.cli.config;

import io.dblab.cli.config.EnvironmentSettings.ForwardingServer;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Where {@code port-forward} tunnels through. Each setting comes from the first source that has it:
 * the command line, the reference CLI's environment variables, then the current environment.
 */
public record ForwardingSettings(ForwardingServer server, OptionalInt localPort, Path identityFile) {
    public static final String SERVER_URL_ENV = "DBLAB_CLI_FORWARDING_SERVER_URL";
    public static final String LOCAL_PORT_ENV = "DBLAB_CLI_FORWARDING_LOCAL_PORT";
    public static final String IDENTITY_FILE_ENV = "DBLAB_CLI_IDENTITY_FILE";

    public static ForwardingSettings resolve(ForwardingFlags flags, Map<String, String> env, CliConfig config) {
        CliConfig.Forwarding saved = config.current().map(CliConfig.Environment::forwarding)
                .orElse(CliConfig.Forwarding.NONE);
        String serverUrl = first(flags.serverUrl(), env.get(SERVER_URL_ENV), saved.serverUrl()).orElseThrow(() ->
                new IllegalArgumentException("Forwarding server URL is required: pass --forwarding-server-url"
                        + " ssh://USER@HOST[:PORT], set " + SERVER_URL_ENV + " or save it with"
                        + " 'dblab config update ENVIRONMENT_ID --forwarding-server-url …'"));
        String identity = first(flags.identityFile(), env.get(IDENTITY_FILE_ENV), saved.identityFile()).orElseThrow(() ->
                new IllegalArgumentException("no identity file: pass --identity-file (the private key for the SSH"
                        + " server), set " + IDENTITY_FILE_ENV + " or save it with 'dblab config update'"));
        OptionalInt localPort = first(flags.localPort(), env.get(LOCAL_PORT_ENV), saved.localPort())
                .map(p -> OptionalInt.of(EnvironmentSettings.localPort(p))).orElse(OptionalInt.empty());
        return new ForwardingSettings(ForwardingServer.parse(serverUrl), localPort, Path.of(identity));
    }

    private static Optional<String> first(String... candidates) {
        for (String candidate : candidates) {
            if (candidate != null && !candidate.isBlank()) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
