package io.dblab.cli.client;

import io.dblab.cli.DblabCommand;
import io.dblab.cli.config.CliConfigFile;
import io.dblab.cli.config.ForwardingSettings;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * How the port-forward commands check the SSH server's host key. Unlike the reference CLI, which
 * accepts any host key, the server must be in known_hosts.
 */
final class HostKeyOptions {
    @Option(names = "--known-hosts", paramLabel = "FILE",
            description = "OpenSSH known_hosts file the server's host key must be in (default: ~/.ssh/known_hosts)")
    private Path knownHosts;

    @Option(names = "--accept-host-key", description = "record the server's host key in known_hosts if it is not"
            + " there yet (a changed key is still refused)")
    private boolean acceptHostKey;

    /** Connects to the forwarding server of {@code dblab}'s settings, checking its host key. */
    SshTunnel open(DblabCommand dblab, ForwardingSettings forwarding) {
        return SshTunnel.open(forwarding.server(), forwarding.identityFile(), knownHostsFile(dblab), acceptHostKey);
    }

    private Path knownHostsFile(DblabCommand dblab) {
        if (knownHosts != null) {
            return knownHosts;
        }
        String home = dblab.env().getOrDefault(CliConfigFile.HOME_ENV, "");
        return Path.of(home.isBlank() ? System.getProperty("user.home") : home).resolve(".ssh").resolve("known_hosts");
    }
}
