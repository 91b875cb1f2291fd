package io.dblab.tunnel;

import io.dblab.client.Json;
import io.dblab.serverkit.http.ApiBase;
import io.dblab.serverkit.http.HttpLimits;
import io.dblab.serverkit.http.Listener;
import io.dblab.testkit.TestCa;
import io.dblab.tunnel.protocol.Frame;
import io.dblab.tunnel.server.KeyVerifier;
import io.dblab.tunnel.server.TunnelHub;
import io.dblab.tunnel.server.TunnelLimits;
import io.dblab.tunnel.server.TunnelListener;
import io.javalin.Javalin;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The Platform's side as the Platform sets it up: a hub at /tunnel of a Javalin app with the API's
 * HTTP limits, on loopback, HTTPS when given a certificate. Keys can be revoked; presentations and
 * events are recorded.
 */
final class TestPlatform implements AutoCloseable, KeyVerifier, TunnelListener {
    final Map<String, String> keys = new ConcurrentHashMap<>();
    final List<String> events = new CopyOnWriteArrayList<>();
    final TunnelHub hub;
    private final Map<String, AtomicInteger> presented = new ConcurrentHashMap<>();
    private final Javalin app;
    private final boolean tls;

    TestPlatform(int port, TunnelLimits limits, TestCa certificates) {
        this.hub = new TunnelHub(this, this, limits);
        this.tls = certificates != null;
        Listener listener = tls ? new Listener("127.0.0.1", port, certificates.serverCert().toString(),
                certificates.serverKey().toString()) : new Listener("127.0.0.1", port, null, null);
        app = Javalin.create(cfg -> {
            ApiBase.configure(cfg, Json.mapper(), 1024 * 1024, listener, new HttpLimits());
            hub.mount(cfg, "/tunnel");
        });
        app.start();
    }

    TestPlatform(int port, TunnelLimits limits) {
        this(port, limits, null);
    }

    URI url() {
        return URI.create((tls ? "wss" : "ws") + "://127.0.0.1:" + app.port() + "/tunnel");
    }

    @Override
    public Optional<String> verify(String presentedKey) {
        presented.computeIfAbsent(presentedKey, k -> new AtomicInteger()).incrementAndGet();
        return Optional.ofNullable(keys.get(presentedKey));
    }

    int presentations(String key) {
        AtomicInteger n = presented.get(key);
        return n == null ? 0 : n.get();
    }

    @Override
    public void connected(String tunnelId, Frame.Hello hello) {
        events.add("connected " + tunnelId + " " + hello.engineVersion());
    }

    @Override
    public void disconnected(String tunnelId, String reason) {
        events.add("disconnected " + tunnelId);
    }

    @Override
    public void close() {
        hub.close();
        app.stop();
    }
}
