package io.dblab.platform.engines;

import io.dblab.client.DblabApiException;
import io.dblab.client.DblabClient;
import io.dblab.client.transport.EngineTransport;
import io.dblab.client.transport.HttpTransport;
import io.dblab.platform.storage.SecretBox;
import io.dblab.tunnel.server.TunnelHub;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;

/**
 * The only way the Platform reaches an engine (DESIGN.md point 1): {@code DblabClient} over HTTPS with
 * the engine's token (its {@code platform.controlToken}), over the tunnel this instance holds, or
 * relayed to the instance that holds it ({@link RelayTransport}).
 * {@link #call} turns every failure into an {@link EngineCallFailed} with a sentence for a person.
 */
public final class EngineConnections {
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    private static final String TOKEN_ADVICE = "register the engine again with its platform.controlToken";
    private final Engines engines;
    private final Optional<SecretBox> secrets;
    private final TunnelHub hub;
    private final TunnelPresence presence;
    private final Optional<RelayTicket> tickets;

    EngineConnections(Engines engines, Optional<SecretBox> secrets, TunnelHub hub, TunnelPresence presence,
                      Optional<RelayTicket> tickets) {
        this.engines = engines;
        this.secrets = secrets;
        this.hub = hub;
        this.presence = presence;
        this.tickets = tickets;
    }

    /** Runs one or more engine calls; any failure to reach the engine or refusal by it is an {@link EngineCallFailed}. */
    public <T> T call(Engine engine, Function<DblabClient, T> work) {
        DblabClient client = client(engine);
        try {
            return work.apply(client);
        } catch (DblabApiException e) {
            throw EngineCallFailed.of(engine, e);
        }
    }

    /**
     * Asks an engine about to be registered for its status with the token given, so that a wrong URL or
     * token is refused before anything is stored; the engine's version.
     */
    String probe(String name, String url, String token) {
        Engine candidate = new Engine(0, 0, name, Engine.Kind.URL, url, null);
        DblabClient client = new DblabClient(new HttpTransport(URI.create(url), token, REQUEST_TIMEOUT, false), TOKEN_ADVICE);
        try {
            return client.status().engine().version();
        } catch (DblabApiException e) {
            throw EngineCallFailed.of(candidate, e);
        }
    }

    /** Whether the engine is reachable through a tunnel (any instance's); URL engines are asked instead. */
    public boolean tunnelConnected(Engine engine) {
        return hub.isConnected(engine.tunnelId()) || presence.holder(engine.id()).isPresent();
    }

    private DblabClient client(Engine engine) {
        if (engine.kind() == Engine.Kind.URL) {
            SecretBox box = secrets.orElseThrow(() -> new EngineCallFailed(503, "NO_SECRET_KEY", "the Platform cannot open"
                    + " engine tokens: it was started without its key (secrets.keyEnv)"));
            String token;
            try {
                token = engines.token(engine, box);
            } catch (IllegalArgumentException e) {
                throw new EngineCallFailed(503, "NO_SECRET_KEY", "the token of engine " + engine.name() + " does not open"
                        + " with this Platform's key (was secrets.keyEnv changed?): register the engine again");
            }
            return new DblabClient(new HttpTransport(URI.create(engine.url()), token, REQUEST_TIMEOUT, false), TOKEN_ADVICE);
        }
        Optional<EngineTransport> here = hub.transport(engine.tunnelId());
        if (here.isPresent()) {
            return new DblabClient(here.get());
        }
        TunnelPresence.Holder holder = presence.holder(engine.id()).orElseThrow(() -> new EngineCallFailed(502,
                "ENGINE_UNREACHABLE", "engine " + engine.name() + " is not connected: its tunnel is down"));
        if (holder.relayUrl() == null || tickets.isEmpty()) {
            throw new EngineCallFailed(502, "ENGINE_UNREACHABLE", "engine " + engine.name() + " is connected to another"
                    + " Platform instance (" + holder.instanceId() + "), and " + (tickets.isEmpty()
                    ? "this one has no secrets key to relay with" : "that one relays nothing (tunnels.relayUrl)")
                    + "; see \"Several instances\" in docs/platform.md");
        }
        return new DblabClient(new RelayTransport(engine, holder, tickets.get()));
    }
}
