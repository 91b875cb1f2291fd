package io.dblab.tunnel.server;

import io.dblab.tunnel.protocol.Frame;

/** What the hub tells its owner about tunnels; called on the hub's threads, so keep it quick. */
public interface TunnelListener {
    TunnelListener NONE = new TunnelListener() {};

    /** The engine behind {@code tunnelId} said hello: it is reachable now. */
    default void connected(String tunnelId, Frame.Hello hello) {}

    /** The tunnel closed (the engine went away, the key was revoked, a newer tunnel replaced it). */
    default void disconnected(String tunnelId, String reason) {}
}
