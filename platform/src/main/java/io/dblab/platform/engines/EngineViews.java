package io.dblab.platform.engines;

import io.dblab.client.DblabClient;
import io.dblab.client.model.BranchView;
import io.dblab.client.model.Clone;
import io.dblab.client.model.Snapshot;
import io.dblab.platform.auth.Caller;
import io.dblab.platform.auth.Organizations;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * What the pages and the API read from engines. The list asks every engine for its status at the same
 * time (a few threads), so twenty engines, or one that is down, do not add up.
 */
public final class EngineViews implements AutoCloseable {
    private final Organizations organizations;
    private final Engines engines;
    private final RegistrationKeys keys;
    private final EngineConnections connections;
    private final EngineActions actions;
    private final ExecutorService askers = Executors.newFixedThreadPool(8, r -> {
        Thread thread = new Thread(r, "platform-engine-status");
        thread.setDaemon(true);
        return thread;
    });

    /** One engine's page: its overview and live key, and what it holds (empty lists when it did not answer). */
    public record Detail(EngineOverview overview, Optional<RegistrationKeys.KeyInfo> key, List<Clone> clones,
                         List<Snapshot> snapshots, List<BranchView> branches) {
    }

    private record Holdings(List<Clone> clones, List<Snapshot> snapshots, List<BranchView> branches) {
        static final Holdings NONE = new Holdings(List.of(), List.of(), List.of());
    }

    public EngineViews(Organizations organizations, Engines engines, RegistrationKeys keys, EngineConnections connections,
                       EngineActions actions) {
        this.organizations = organizations;
        this.engines = engines;
        this.keys = keys;
        this.connections = connections;
        this.actions = actions;
    }

    public List<EngineOverview> list(Caller caller, long organizationId) {
        organizations.access(caller.principal(), organizationId);
        List<Future<EngineOverview>> asked = engines.list(organizationId).stream()
                .map(engine -> askers.submit(() -> overview(engine))).toList();
        return asked.stream().map(EngineViews::join).toList();
    }

    public Detail detail(Caller caller, long organizationId, long engineId) {
        Engine engine = actions.engine(caller, organizationId, engineId);
        EngineOverview overview = overview(engine);
        Holdings holdings = Holdings.NONE;
        if (overview.answered()) {
            try {
                holdings = connections.call(engine, client -> new Holdings(client.clones(), client.snapshots(),
                        client.branches()));
            } catch (EngineCallFailed e) {
                overview = new EngineOverview(engine, overview.connection(), null, e.getMessage());
            }
        }
        Optional<RegistrationKeys.KeyInfo> key = engine.kind() == Engine.Kind.TUNNEL ? keys.live(engine) : Optional.empty();
        return new Detail(overview, key, holdings.clones(), holdings.snapshots(), holdings.branches());
    }

    /** One read of the engine's (a member's question: the allowed reads are all harmless), its failure an {@link EngineCallFailed}. */
    public <T> T ask(Caller caller, long organizationId, long engineId, Function<DblabClient, T> question) {
        return connections.call(actions.engine(caller, organizationId, engineId), question);
    }

    public EngineOverview overview(Caller caller, long organizationId, long engineId) {
        return overview(actions.engine(caller, organizationId, engineId));
    }

    private EngineOverview overview(Engine engine) {
        String connection = engine.kind() == Engine.Kind.URL ? "url"
                : connections.tunnelConnected(engine) ? "connected" : "disconnected";
        if (connection.equals("disconnected")) {
            return new EngineOverview(engine, connection, null, "not connected: its tunnel is down");
        }
        try {
            return new EngineOverview(engine, connection, connections.call(engine, client -> client.status()), null);
        } catch (EngineCallFailed e) {
            return new EngineOverview(engine, connection, null, e.getMessage());
        }
    }

    private static EngineOverview join(Future<EngineOverview> asked) {
        try {
            return asked.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while asking engines for their status", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
    }

    @Override
    public void close() {
        askers.shutdownNow();
    }
}
