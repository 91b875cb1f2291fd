package io.dblab.platform.engines;

import io.dblab.platform.audit.Audit;
import io.dblab.platform.auth.Organizations;
import io.dblab.platform.config.PlatformConfig;
import io.dblab.platform.storage.Jdbc;
import io.dblab.platform.storage.SecretBox;
import io.dblab.platform.web.Pages;
import io.dblab.platform.web.WebFeature;
import io.dblab.tunnel.server.TunnelHub;
import io.dblab.tunnel.server.TunnelLimits;
import io.javalin.config.JavalinConfig;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * The engines part of a running Platform: the tunnel hub at {@value #TUNNEL_PATH} (keys checked
 * against the database), this instance's presence, the pages and the API, and the relay between
 * instances (when the secrets key is set: it authenticates relayed requests). {@link #start} registers the
 * instance; {@link #close} closes the tunnels (their connectors reconnect, to this or another
 * instance) and forgets the instance.
 */
public final class EnginesPart implements WebFeature, AutoCloseable {
    public static final String TUNNEL_PATH = "/tunnel";
    private final TunnelPresence presence;
    private final TunnelHub hub;
    private final TunnelWatch watch;
    private final EngineViews views;
    private final List<WebFeature> features;

    private final String relayUrl;

    /** @param tunnels where the other instances reach this one, and where engines reach the tunnel endpoint */
    public EnginesPart(Jdbc db, Organizations organizations, Audit audit, Optional<SecretBox> secrets, Pages pages,
                       PlatformConfig.Tunnels tunnels) {
        this.relayUrl = tunnels.relayUrl();
        Engines engines = new Engines(db);
        RegistrationKeys keys = new RegistrationKeys(db);
        presence = new TunnelPresence(db);
        TunnelEvents events = new TunnelEvents(engines, presence, audit);
        hub = new TunnelHub(keys, events, TunnelLimits.defaults());
        watch = new TunnelWatch(presence, keys, hub, events);
        Optional<RelayTicket> tickets = secrets.map(box -> new RelayTicket(box, Clock.systemUTC()));
        EngineConnections connections = new EngineConnections(engines, secrets, hub, presence, tickets);
        EngineActions actions = new EngineActions(organizations, engines, keys, connections, hub, secrets, audit);
        views = new EngineViews(organizations, engines, keys, connections, actions);
        features = List.of(new EnginePages(pages, actions, views, tunnels.publicUrl()), new EngineApi(actions, views),
                new RelayEndpoint(hub, tickets));
    }

    public EnginesPart start() {
        presence.start(relayUrl);
        watch.start();
        return this;
    }

    /** The pages and the API, as one feature to the server. */
    @Override
    public void routes(io.javalin.config.RoutesConfig routes) {
        features.forEach(feature -> feature.routes(routes));
    }

    @Override
    public List<io.dblab.platform.web.OrgPage> orgPages() {
        return features.stream().flatMap(feature -> feature.orgPages().stream()).toList();
    }

    @Override
    public void mount(JavalinConfig config) {
        hub.mount(config, TUNNEL_PATH);
    }

    /** This instance's name in the presence table (shown when another instance holds a tunnel). */
    public String instanceId() {
        return presence.instanceId();
    }

    @Override
    public void close() {
        try {
            watch.close();
            hub.close();
            views.close();
        } finally {
            presence.stop();
        }
    }
}
