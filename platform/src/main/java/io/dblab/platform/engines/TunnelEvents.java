package io.dblab.platform.engines;

import io.dblab.platform.audit.Actor;
import io.dblab.platform.audit.Audit;
import io.dblab.platform.audit.AuditEvent;
import io.dblab.tunnel.protocol.Frame;
import io.dblab.tunnel.server.TunnelListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What the hub reports about tunnels, written down: where the tunnel is ({@link TunnelPresence}) and the audit log. */
final class TunnelEvents implements TunnelListener {
    private static final Logger LOG = LoggerFactory.getLogger(TunnelEvents.class);
    /** The tunnels this instance's hub holds, for {@link TunnelWatch}. */
    private final java.util.Set<String> held = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final Engines engines;
    private final TunnelPresence presence;
    private final Audit audit;

    TunnelEvents(Engines engines, TunnelPresence presence, Audit audit) {
        this.engines = engines;
        this.presence = presence;
        this.audit = audit;
    }

    @Override
    public void connected(String tunnelId, Frame.Hello hello) {
        held.add(tunnelId);
        note("tunnel.connect", tunnelId, engine -> {
            presence.connected(engine.id(), hello.engineVersion());
            record(engine, "tunnel.connect", "engineVersion", hello.engineVersion());
        });
    }

    @Override
    public void disconnected(String tunnelId, String reason) {
        held.remove(tunnelId);
        note("tunnel.disconnect", tunnelId, engine -> {
            presence.disconnected(engine.id());
            record(engine, "tunnel.disconnect", "reason", reason);
        });
    }

    java.util.Set<String> held() {
        return java.util.Set.copyOf(held);
    }

    private void record(Engine engine, String action, String detail, String value) {
        audit.record(AuditEvent.of(Actor.PLATFORM, action).in(engine.organizationId()).target(engine.label())
                .detail(detail, value == null ? "" : value).detail("instance", presence.instanceId()));
    }

    /** Writes an event down; the hub's thread goes on when the database cannot take it. */
    private void note(String action, String tunnelId, java.util.function.Consumer<Engine> write) {
        try {
            engines.byTunnel(tunnelId).ifPresent(write);
        } catch (RuntimeException e) {
            LOG.warn("cannot record {} of tunnel {}: {}", action, tunnelId, e.getMessage());
        }
    }
}
