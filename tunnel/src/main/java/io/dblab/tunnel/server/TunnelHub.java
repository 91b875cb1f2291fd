package io.dblab.tunnel.server;

import io.dblab.client.transport.EngineReply;
import io.dblab.client.transport.EngineTransport;
import io.dblab.tunnel.protocol.CloseCodes;
import io.dblab.tunnel.protocol.Frame;
import io.dblab.tunnel.protocol.FrameCodec;
import io.dblab.tunnel.protocol.ProtocolException;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.UnauthorizedResponse;
import io.javalin.websocket.WsCloseContext;
import io.javalin.websocket.WsConnectContext;
import io.javalin.websocket.WsErrorContext;
import io.javalin.websocket.WsMessageContext;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Platform's end of engine tunnels: a WebSocket endpoint where connectors dial in with a
 * registration key, and an {@link EngineTransport} per tunnel for {@code DblabClient}. One live
 * tunnel per tunnel id: a new connection with the same key replaces the old one (an engine that
 * restarted before its old connection timed out).
 */
public final class TunnelHub implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TunnelHub.class);
    private static final String TUNNEL_ID = "dblab.tunnelId";
    private static final String BEARER = "Bearer ";

    private final KeyVerifier keys;
    private final TunnelListener listener;
    private final TunnelLimits limits;
    private final FrameCodec codec;
    private final Map<String, Tunnel> live = new ConcurrentHashMap<>();
    /** By WebSocket session id: the connection a callback is about, even after a newer one replaced it. */
    private final Map<String, Tunnel> bySession = new ConcurrentHashMap<>();

    public TunnelHub(KeyVerifier keys, TunnelListener listener, TunnelLimits limits) {
        this.keys = keys;
        this.listener = listener;
        this.limits = limits;
        this.codec = new FrameCodec(limits.maxFrameBytes());
    }

    /** Serves tunnels at {@code path} (the Platform uses {@code /tunnel}) of the app being configured. */
    public void mount(JavalinConfig config, String path) {
        config.routes.wsBeforeUpgrade(path, this::authorize);
        config.routes.ws(path, ws -> {
            ws.onConnect(this::opened);
            ws.onMessage(this::received);
            ws.onClose(this::closed);
            ws.onError(this::failed);
        });
    }

    /** The engine behind a live tunnel; each request goes through whichever connection is live when it is sent. */
    public Optional<EngineTransport> transport(String tunnelId) {
        return live.containsKey(tunnelId) ? Optional.of(new HubTransport(tunnelId)) : Optional.empty();
    }

    public boolean isConnected(String tunnelId) {
        return live.containsKey(tunnelId);
    }

    /** Closes the tunnel (its key was revoked); requests in flight fail at once. */
    public void disconnect(String tunnelId) {
        Optional.ofNullable(live.get(tunnelId)).ifPresent(tunnel -> {
            tunnel.close(CloseCodes.POLICY_VIOLATION, "the registration key was revoked");
            drop(tunnel, "the registration key was revoked");
        });
    }

    @Override
    public void close() {
        live.values().forEach(tunnel -> {
            tunnel.close(CloseCodes.GOING_AWAY, "the Platform is stopping");
            drop(tunnel, "the Platform is stopping");
        });
    }

    /** Before the upgrade: a request without a valid key gets 401 and never becomes a WebSocket. */
    private void authorize(Context ctx) {
        String header = ctx.header("Authorization");
        Optional<String> tunnelId = header != null && header.startsWith(BEARER)
                ? keys.verify(header.substring(BEARER.length()).strip()) : Optional.empty();
        if (tunnelId.isEmpty()) {
            LOG.info("refused a tunnel from {}: {}", ctx.ip(), header == null ? "no key" : "wrong or revoked key");
            throw new UnauthorizedResponse("the tunnel's registration key is missing, wrong or revoked");
        }
        ctx.attribute(TUNNEL_ID, tunnelId.get());
    }

    private void opened(WsConnectContext ctx) {
        String tunnelId = ctx.attribute(TUNNEL_ID);
        ctx.session.setMaxTextMessageSize(limits.maxFrameBytes());
        ctx.session.setIdleTimeout(limits.idleTimeout());
        Tunnel tunnel = new Tunnel(tunnelId, ctx.session, codec, limits.requestTimeout());
        bySession.put(ctx.sessionId(), tunnel);
        Tunnel previous = live.put(tunnelId, tunnel);
        if (previous != null) {
            previous.close(CloseCodes.POLICY_VIOLATION, "replaced by a newer tunnel of the same engine");
        }
        LOG.info("tunnel {} open from {}", tunnelId, ctx.session.getRemoteSocketAddress());
    }

    private void received(WsMessageContext ctx) {
        Tunnel tunnel = bySession.get(ctx.sessionId());
        if (tunnel == null) {
            return;
        }
        try {
            Frame frame = codec.decode(ctx.message());
            if (frame instanceof Frame.Hello hello) {
                listener.connected(tunnel.id(), hello);
            } else if (frame instanceof Frame.Request) {
                throw new ProtocolException("a connector sent a request; only the Platform asks");
            } else {
                tunnel.answered(frame);
            }
        } catch (ProtocolException e) {
            LOG.warn("closing tunnel {}: {}", tunnel.id(), e.getMessage());
            tunnel.close(CloseCodes.PROTOCOL_ERROR, "not a tunnel frame");
        }
    }

    private void closed(WsCloseContext ctx) {
        Tunnel tunnel = bySession.remove(ctx.sessionId());
        if (tunnel != null) {
            String reason = "the connection closed (" + ctx.status() + (ctx.reason() == null || ctx.reason().isBlank()
                    ? "" : " " + ctx.reason()) + ")";
            drop(tunnel, reason);
        }
    }

    private void failed(WsErrorContext ctx) {
        Tunnel tunnel = bySession.get(ctx.sessionId());
        if (tunnel != null) {
            String why = ctx.error() == null ? "unknown error" : String.valueOf(ctx.error().getMessage());
            LOG.info("tunnel {} failed: {}", tunnel.id(), why);
            drop(tunnel, "the connection failed: " + why);
        }
    }

    /** Fails the tunnel's waiting requests; tells the listener only when it was the live one, not a replaced one. */
    private void drop(Tunnel tunnel, String reason) {
        tunnel.closed(reason);
        if (live.remove(tunnel.id(), tunnel)) {
            LOG.info("tunnel {} closed: {}", tunnel.id(), reason);
            listener.disconnected(tunnel.id(), reason);
        }
    }

    private final class HubTransport implements EngineTransport {
        private final String tunnelId;

        HubTransport(String tunnelId) {
            this.tunnelId = tunnelId;
        }

        @Override
        public EngineReply exchange(String method, String path, String jsonBody) throws IOException {
            Tunnel tunnel = live.get(tunnelId);
            if (tunnel == null) {
                throw new IOException("engine " + tunnelId + " is not connected: its tunnel is down");
            }
            return tunnel.exchange(method, path, jsonBody);
        }

        @Override
        public String target() {
            return "engine " + tunnelId + " (through its tunnel)";
        }
    }
}
