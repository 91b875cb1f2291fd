package io.dblab.cli.client;

import com.jcraft.jsch.JSch;
import com.jcraft.jsch.JSchChangedHostKeyException;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.JSchUnknownHostKeyException;
import com.jcraft.jsch.Session;
import io.dblab.cli.CommandFailedException;
import io.dblab.cli.config.EnvironmentSettings.ForwardingServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * One SSH connection to the forwarding server, authenticated with a private key file, the server
 * checked against known_hosts; local ports are forwarded through it like {@code ssh -L}.
 */
final class SshTunnel implements AutoCloseable {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(15);
    private static final Duration KEEPALIVE = Duration.ofSeconds(15);
    private static final Duration CONNECTION_CHECK = Duration.ofSeconds(1);

    private final Session session;
    private final String server;

    private SshTunnel(Session session, String server) {
        this.session = session;
        this.server = server;
    }

    /** Connects, or fails with what the user can do about it. */
    static SshTunnel open(ForwardingServer server, Path identityFile, Path knownHosts, boolean acceptUnknownHost) {
        if (!Files.isReadable(identityFile)) {
            throw new CommandFailedException("cannot read the identity file " + identityFile);
        }
        String name = server.user() + "@" + server.host() + ":" + server.port();
        JSch jsch = new JSch();
        KnownHostsCheck hostCheck;
        Session session;
        try {
            jsch.addIdentity(identityFile.toString());
            hostCheck = new KnownHostsCheck(jsch, knownHosts, acceptUnknownHost);
            jsch.setHostKeyRepository(hostCheck);
            session = jsch.getSession(server.user(), server.host(), server.port());
            session.setConfig("StrictHostKeyChecking", "yes");
            session.setConfig("PreferredAuthentications", "publickey");
            session.setServerAliveInterval((int) KEEPALIVE.toMillis());
        } catch (JSchException e) {
            throw new CommandFailedException("cannot use the identity file " + identityFile + ": " + e.getMessage());
        }
        try {
            session.connect((int) CONNECT_TIMEOUT.toMillis());
        } catch (JSchUnknownHostKeyException e) {
            throw new CommandFailedException("the SSH server " + name + " is not in " + knownHosts
                    + " (its host key fingerprint is " + hostCheck.refusedFingerprint(jsch) + "). If that is the"
                    + " server's key, run again with --accept-host-key to record it, or add it to the file yourself");
        } catch (JSchChangedHostKeyException e) {
            throw new CommandFailedException("the host key of the SSH server " + name + " is not the one in "
                    + knownHosts + " (it now sends " + hostCheck.refusedFingerprint(jsch) + "): someone may be"
                    + " intercepting the connection. If the server's key really changed, remove the old one with"
                    + " ssh-keygen -R and run again");
        } catch (JSchException e) {
            String reason = e.getMessage() != null && e.getMessage().startsWith("Auth fail")
                    ? "it refused the key in " + identityFile + " for user " + server.user() : e.getMessage();
            throw new CommandFailedException("cannot connect to the SSH server " + name + ": " + reason);
        }
        return new SshTunnel(session, name);
    }

    /**
     * Forwards {@code bindAddress:localPort} (0: any free port) to {@code host:port} as the SSH server
     * sees it; returns the local port.
     */
    int forward(String bindAddress, int localPort, String host, int port) {
        try {
            return session.setPortForwardingL(bindAddress, localPort, host, port);
        } catch (JSchException e) {
            throw new CommandFailedException("cannot listen on " + bindAddress + ":" + localPort + " to forward to "
                    + host + ":" + port + " through " + server + ": " + e.getMessage());
        }
    }

    /**
     * Waits while the forwarding lasts: returns 0 when interrupted (Ctrl-C), fails when the SSH
     * connection drops.
     */
    int awaitClosed() {
        try {
            while (session.isConnected()) {
                Thread.sleep(CONNECTION_CHECK.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
        throw new CommandFailedException("the SSH connection to " + server + " was closed");
    }

    @Override
    public void close() {
        session.disconnect();
    }
}
