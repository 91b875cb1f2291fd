package io.dblab.cli.client;

import io.dblab.cli.DblabCommand;
import io.dblab.cli.config.CliConfig;
import io.dblab.cli.config.ConnectionSettings;
import io.dblab.cli.config.ForwardingSettings;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code dblab port-forward}: the engine's API on a local port, through the SSH server of
 * {@code --forwarding-server-url}, until interrupted. As with the reference CLI, {@code --url} is the
 * engine as the SSH server sees it, and the local port is {@code --forwarding-local-port} (default:
 * the API's own port). Other commands then use the local address as their {@code --url}.
 */
@Command(name = "port-forward", description = "Forward a local port to the engine's API through the SSH server of"
        + " --forwarding-server-url, until interrupted (Ctrl-C).")
public final class PortForwardCommand implements Callable<Integer> {
    private static final String LOCAL_ADDRESS = "127.0.0.1";

    @ParentCommand
    private DblabCommand dblab;

    @Spec
    private CommandSpec spec;

    @Mixin
    private HostKeyOptions hostKey;

    @Override
    public Integer call() {
        CliConfig config = dblab.configFile().load();
        ConnectionSettings api = ConnectionSettings.resolve(dblab.connectionFlags(), dblab.env(), config);
        ForwardingSettings forwarding = ForwardingSettings.resolve(dblab.forwardingFlags(), dblab.env(), config);
        try (SshTunnel tunnel = hostKey.open(dblab, forwarding)) {
            int local = tunnel.forward(LOCAL_ADDRESS, forwarding.localPort().orElse(api.port()), api.url().getHost(),
                    api.port());
            PrintWriter out = spec.commandLine().getOut();
            out.printf("The connection is available by address: %s:%d%n", LOCAL_ADDRESS, local);
            out.flush();
            return tunnel.awaitClosed();
        }
    }
}
