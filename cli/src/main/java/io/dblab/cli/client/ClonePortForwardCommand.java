package io.dblab.cli.client;

import io.dblab.cli.CommandFailedException;
import io.dblab.cli.DblabCommand;
import io.dblab.cli.config.CliConfig;
import io.dblab.cli.config.ConnectionSettings;
import io.dblab.cli.config.ForwardingSettings;
import io.dblab.client.DblabClient;
import io.dblab.client.model.Clone;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code dblab clone port-forward CLONE_ID}: makes a clone on an engine behind SSH reachable on a
 * local port, until interrupted. As with the reference CLI, the API URL is the engine as the SSH
 * server sees it: when it names a loopback address, the engine is on the SSH server's loopback, and
 * the API request for the clone's port goes through the same SSH connection. The server's host key is
 * checked ({@link HostKeyOptions}).
 */
@Command(name = "port-forward", description = "Forward a local port to a clone through the SSH server of"
        + " --forwarding-server-url, until interrupted (Ctrl-C).")
public final class ClonePortForwardCommand implements Callable<Integer> {
    private static final String LOCAL_ADDRESS = "127.0.0.1";

    @ParentCommand
    private CloneCommand clones;

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "CLONE_ID", description = "the clone")
    private String cloneId;

    @Mixin
    private HostKeyOptions hostKey;

    @Override
    public Integer call() {
        DblabCommand dblab = clones.dblab();
        CliConfig config = dblab.configFile().load();
        ConnectionSettings api = ConnectionSettings.resolve(dblab.connectionFlags(), dblab.env(), config);
        ForwardingSettings forwarding = ForwardingSettings.resolve(dblab.forwardingFlags(), dblab.env(), config);
        try (SshTunnel tunnel = hostKey.open(dblab, forwarding)) {
            Clone clone = apiClient(tunnel, api).clone(cloneId);
            int clonePort = clonePort(clone);
            int local = tunnel.forward(LOCAL_ADDRESS, forwarding.localPort().orElse(clonePort), api.url().getHost(), clonePort);
            PrintWriter out = spec.commandLine().getOut();
            out.printf("The clone is available by address: %s:%d%n", LOCAL_ADDRESS, local);
            out.flush();
            return tunnel.awaitClosed();
        }
    }

    /** The engine's API, through the tunnel when the URL says the engine is on the SSH server's loopback. */
    private static DblabClient apiClient(SshTunnel tunnel, ConnectionSettings api) {
        URI url = api.url();
        InetAddress address;
        try {
            address = InetAddress.getByName(url.getHost());
        } catch (UnknownHostException e) {
            throw new CommandFailedException("cannot resolve the engine host " + url.getHost() + ": " + e.getMessage());
        }
        if (!address.isLoopbackAddress()) {
            return api.newClient();
        }
        int tunnelled = tunnel.forward(address.getHostAddress(), 0, url.getHost(), api.port());
        try {
            return api.withUrl(new URI(url.getScheme(), url.getUserInfo(), url.getHost(), tunnelled, url.getPath(),
                    url.getQuery(), url.getFragment())).newClient();
        } catch (URISyntaxException e) {
            throw new IllegalStateException("a URL with only its port changed is still a URL", e);
        }
    }

    private static int clonePort(Clone clone) {
        try {
            return Integer.parseInt(clone.db().port());
        } catch (NullPointerException | NumberFormatException e) {
            throw new CommandFailedException("the engine gave clone " + clone.id() + " no port to forward to");
        }
    }


}
