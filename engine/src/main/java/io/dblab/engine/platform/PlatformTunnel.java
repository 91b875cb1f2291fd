package io.dblab.engine.platform;

import io.dblab.client.transport.HttpTransport;
import io.dblab.engine.api.ControlTokens;
import io.dblab.engine.config.EngineConfig;
import io.dblab.tunnel.client.TunnelClientConfig;
import io.dblab.tunnel.client.TunnelConnector;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * The engine's own tunnel to the Platform ({@code platform.tunnel}): a connector that dials out and
 * passes the Platform's requests to this engine's API on loopback with a control token the engine
 * issued for it, so they meet the same enforcement (DESIGN.md point 1) as a Platform that calls the
 * API directly. The token lives in memory only.
 */
public final class PlatformTunnel {
    private static final Duration REQUEST_TIMEOUT = Duration.ofMinutes(2);

    private PlatformTunnel() {
    }

    /** The running connector, or empty when the configuration names no tunnel. */
    public static Optional<TunnelConnector> start(EngineConfig config, int apiPort, ControlTokens controlTokens) {
        EngineConfig.Tunnel tunnel = config.platform().tunnel();
        if (!tunnel.enabled()) {
            return Optional.empty();
        }
        TunnelClientConfig clientConfig = TunnelClientConfig.of(URI.create(tunnel.url()), tunnel.key(),
                tunnel.caFile().isEmpty() ? null : Path.of(tunnel.caFile()));
        EngineConfig.Server server = config.server();
        // the engine's own listener: its certificate names the host operators use, not loopback, and
        // nothing but this engine listens on the port it holds, so there is nothing to verify
        URI api = URI.create((server.tls().enabled() ? "https" : "http") + "://" + loopbackHost(server.host()) + ":" + apiPort);
        TunnelConnector connector = new TunnelConnector(clientConfig,
                new HttpTransport(api, controlTokens.issue(), REQUEST_TIMEOUT, server.tls().enabled()));
        connector.start();
        return Optional.of(connector);
    }

    /** Where this engine's API answers on this machine: the bound address, or loopback for a wildcard one. */
    static String loopbackHost(String host) {
        return switch (host) {
            case "0.0.0.0", "" -> "127.0.0.1";
            case "::", "[::]" -> "[::1]";
            default -> host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
        };
    }
}
