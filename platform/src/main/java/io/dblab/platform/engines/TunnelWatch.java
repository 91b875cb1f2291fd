package io.dblab.platform.engines;

import io.dblab.tunnel.server.TunnelHub;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every {@link TunnelPresence#HEARTBEAT}: renews this instance's presence, and closes the tunnels it
 * holds whose key is gone (revoked through another instance, or the engine removed there). A key
 * revoked through this instance closes its tunnel at once, without waiting for this.
 */
final class TunnelWatch implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TunnelWatch.class);
    private final TunnelPresence presence;
    private final RegistrationKeys keys;
    private final TunnelHub hub;
    private final TunnelEvents events;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "platform-tunnel-watch");
        thread.setDaemon(true);
        return thread;
    });

    TunnelWatch(TunnelPresence presence, RegistrationKeys keys, TunnelHub hub, TunnelEvents events) {
        this.presence = presence;
        this.keys = keys;
        this.hub = hub;
        this.events = events;
    }

    void start() {
        long every = TunnelPresence.HEARTBEAT.toMillis();
        timer.scheduleWithFixedDelay(this::run, every, every, TimeUnit.MILLISECONDS);
    }

    private void run() {
        try {
            presence.heartbeat();
            List<String> revoked = keys.withoutLiveKey(events.held());
            revoked.forEach(hub::disconnect);
        } catch (RuntimeException e) {
            LOG.warn("tunnel watch: {}", e.getMessage());
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
