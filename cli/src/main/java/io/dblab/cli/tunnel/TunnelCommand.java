package io.dblab.cli.tunnel;

import io.dblab.cli.CommandGroup;
import io.dblab.cli.DblabCommand;
import io.dblab.cli.Serving;
import io.dblab.cli.config.ConnectionSettings;
import io.dblab.client.transport.HttpTransport;
import io.dblab.tunnel.client.TunnelClientConfig;
import io.dblab.tunnel.client.TunnelConnector;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code dblab tunnel connect}: an engine behind a firewall dials out to the Platform (DESIGN.md point 5). */
@Command(name = "tunnel", description = "The WebSocket tunnel from an engine to the Platform, for engines with no open port.")
public final class TunnelCommand extends CommandGroup {
    static final String KEY_ENV = "DBLAB_TUNNEL_KEY";
    static final String ENGINE_TOKEN_ENV = "DBLAB_ENGINE_TOKEN";

    @ParentCommand
    private DblabCommand parent;

    @Command(name = "connect", description = {
            "Dial out to the Platform and carry its requests to the engine until stopped (Ctrl-C or SIGTERM).",
            "Reconnects by itself. Only the Platform's control operations pass; anything else is answered 403.",
            "Give the key in " + KEY_ENV + " and the token in " + ENGINE_TOKEN_ENV + " to keep them out of the process list."})
    int connect(@Option(names = "--platform", required = true, paramLabel = "URL",
                        description = "the Platform's tunnel endpoint, like wss://platform.example.com/tunnel") URI platform,
                @Option(names = "--key", paramLabel = "KEY",
                        description = "the registration key an admin made in the Platform (env " + KEY_ENV + ")") String key,
                @Option(names = "--ca-file", paramLabel = "PEM",
                        description = "trust the authorities in this PEM file for the Platform's certificate, instead of"
                                + " the JVM's") Path caFile,
                @Option(names = "--engine", required = true, paramLabel = "URL",
                        description = "the engine's API, like http://127.0.0.1:2345") URI engine,
                @Option(names = "--engine-token", paramLabel = "TOKEN",
                        description = "the engine's verification token (env " + ENGINE_TOKEN_ENV + ")") String engineToken) {
        if (caFile != null && !Files.isReadable(caFile)) {
            throw new IllegalArgumentException("cannot read the CA file " + caFile);
        }
        TunnelClientConfig config = TunnelClientConfig.of(platform, required(key, KEY_ENV, "--key", "registration key"), caFile);
        HttpTransport engineApi = new HttpTransport(engineUrl(engine),
                required(engineToken, ENGINE_TOKEN_ENV, "--engine-token", "engine token"), requestTimeout(), insecure());
        TunnelConnector connector = new TunnelConnector(config, engineApi);
        connector.start();
        PrintWriter out = spec.commandLine().getOut();
        out.printf("Tunnel from the engine at %s to %s started; it reconnects by itself. Stop it with Ctrl-C.%n", engine, platform);
        out.flush();
        Serving.untilStopped(connector::close, "dblab-tunnel-shutdown");
        return 0;
    }

    private String required(String given, String envName, String option, String what) {
        String value = given != null && !given.isBlank() ? given : parent.env().get(envName);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("no " + what + ": pass " + option + " or set " + envName);
        }
        return value;
    }

    private static URI engineUrl(URI engine) {
        String scheme = engine.getScheme() == null ? "" : engine.getScheme().toLowerCase(Locale.ROOT);
        if (engine.getHost() == null || !(scheme.equals("http") || scheme.equals("https"))) {
            throw new IllegalArgumentException("invalid engine URL '" + engine + "': expected http(s)://HOST[:PORT]");
        }
        return engine;
    }

    /** --insecure (the top command's) is about the engine's certificate; the Platform's is always verified. */
    private boolean insecure() {
        return Boolean.TRUE.equals(parent.connectionFlags().insecure());
    }

    private Duration requestTimeout() {
        Duration given = parent.connectionFlags().requestTimeout();
        return given != null ? given : ConnectionSettings.DEFAULT_REQUEST_TIMEOUT;
    }
}
