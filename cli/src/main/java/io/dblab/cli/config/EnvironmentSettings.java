package io.dblab.cli.config;

import io.dblab.serverkit.config.Durations;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What {@code init}, {@code config create} and {@code config update} save for an environment, from
 * the flags given (and, for a new environment, the environment variables of the connection).
 * Everything is checked before it is saved, so a bad value fails here and not at the next command.
 */
public final class EnvironmentSettings {
    private static final Pattern ENVIRONMENT_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*");
    private static final String MAIN_BRANCH = "main";
    private static final int MAX_PORT = 65_535;

    private EnvironmentSettings() {}

    /** Fails with the reason when {@code id} cannot name an environment. */
    public static String checkId(String id) {
        if (id == null || id.isEmpty()) {
            throw new IllegalArgumentException("ENVIRONMENT_ID argument is required.");
        }
        if (!ENVIRONMENT_ID.matcher(id).matches()) {
            throw new IllegalArgumentException("invalid environment ID '" + id + "': use letters, digits, '_', '.' and '-'");
        }
        return id;
    }

    /** A new environment, on branch main as the reference starts one. */
    public static CliConfig.Environment create(ConnectionFlags connection, ForwardingFlags forwarding,
                                               Map<String, String> env) {
        CliConfig.Environment base = ConnectionSettings.toSave(connection, env);
        return new CliConfig.Environment(base.url(), base.token(), base.insecure(), base.requestTimeout(),
                checked(new CliConfig.Forwarding(forwarding.serverUrl(), forwarding.localPort(), forwarding.identityFile())),
                new CliConfig.Branching(MAIN_BRANCH));
    }

    /** {@code old} with the settings given now; fails, as the reference does, when nothing would change. */
    public static CliConfig.Environment update(CliConfig.Environment old, ConnectionFlags connection,
                                               ForwardingFlags forwarding) {
        boolean anyGiven = connection.url() != null || connection.token() != null || connection.insecure() != null
                || connection.requestTimeout() != null || forwarding.serverUrl() != null
                || forwarding.localPort() != null || forwarding.identityFile() != null;
        if (!anyGiven) {
            throw new IllegalArgumentException("config unchanged. Set options to update.");
        }
        String url = connection.url() != null
                ? ConnectionSettings.toSave(connection, Map.of()).url() : old.url();
        CliConfig.Forwarding was = old.forwarding();
        CliConfig.Environment updated = new CliConfig.Environment(
                url,
                connection.token() != null ? connection.token() : old.token(),
                connection.insecure() != null ? connection.insecure() : old.insecure(),
                connection.requestTimeout() != null
                        ? Durations.format(connection.requestTimeout()) : old.requestTimeout(),
                checked(new CliConfig.Forwarding(
                        Objects.requireNonNullElse(forwarding.serverUrl(), was.serverUrl()),
                        Objects.requireNonNullElse(forwarding.localPort(), was.localPort()),
                        Objects.requireNonNullElse(forwarding.identityFile(), was.identityFile()))),
                old.branching());
        if (updated.equals(old)) {
            throw new IllegalArgumentException("config unchanged. Set different option values to update.");
        }
        return updated;
    }

    private static CliConfig.Forwarding checked(CliConfig.Forwarding forwarding) {
        if (!forwarding.serverUrl().isEmpty()) {
            ForwardingServer.parse(forwarding.serverUrl());
        }
        if (!forwarding.localPort().isEmpty()) {
            localPort(forwarding.localPort());
        }
        return forwarding;
    }

    /** A local port number, 1 to 65535. */
    public static int localPort(String text) {
        try {
            int port = Integer.parseInt(text.trim());
            if (port >= 1 && port <= MAX_PORT) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("invalid forwarding local port '" + text + "': expected 1 to " + MAX_PORT);
    }

    /** An SSH server to tunnel through, from {@code ssh://USER@HOST[:PORT]} (port 22 when none). */
    public record ForwardingServer(String user, String host, int port) {
        private static final int SSH_PORT = 22;

        public static ForwardingServer parse(String text) {
            try {
                URI uri = new URI(text.trim());
                if ("ssh".equalsIgnoreCase(uri.getScheme()) && uri.getHost() != null
                        && uri.getUserInfo() != null && !uri.getUserInfo().isEmpty() && !uri.getUserInfo().contains(":")) {
                    return new ForwardingServer(uri.getUserInfo(), uri.getHost(), uri.getPort() < 0 ? SSH_PORT : uri.getPort());
                }
            } catch (URISyntaxException e) {
                // reported below with the expected form
            }
            throw new IllegalArgumentException("invalid forwarding server URL '" + text
                    + "': expected ssh://USER@HOST[:PORT] (no password: the key of --identity-file is used)");
        }
    }
}
