package io.dblab.tunnel.client;

import io.dblab.client.Json;
import io.dblab.client.model.Healthz;
import io.dblab.client.transport.EngineReply;
import io.dblab.client.transport.EngineTransport;
import io.dblab.tunnel.protocol.CloseCodes;
import io.dblab.tunnel.protocol.Frame;
import io.dblab.tunnel.protocol.FrameCodec;
import io.dblab.tunnel.protocol.FrameTooLargeException;
import io.dblab.tunnel.protocol.ProtocolException;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's end of the tunnel: dials out to the Platform (so the engine needs no open port),
 * keeps the connection alive with pings, reconnects with backoff when it drops, and answers the
 * Platform's requests by calling the engine, several at a time.
 */
public final class TunnelConnector implements AutoCloseable, Connection.Events {
    private static final Logger LOG = LoggerFactory.getLogger(TunnelConnector.class);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** Requests beyond the running ones that may wait for a worker; more are answered "busy". */
    private static final int QUEUE_PER_WORKER = 16;

    public enum State { STOPPED, CONNECTING, CONNECTED, WAITING, REFUSED }

    private final TunnelClientConfig config;
    private final EngineTransport engine;
    private final EngineRequests requests;
    private final FrameCodec codec;
    private final Backoff backoff;
    private final HttpClient http;
    private final ScheduledExecutorService scheduler;
    private final ThreadPoolExecutor workers;
    /** Failed connections in a row, for the backoff. */
    private final AtomicInteger failures = new AtomicInteger();
    private volatile Connection current;
    private volatile ScheduledFuture<?> heartbeat;
    private volatile State state = State.STOPPED;
    private volatile boolean closed;

    public TunnelConnector(TunnelClientConfig config, EngineTransport engine) {
        this.config = config;
        this.engine = engine;
        this.requests = new EngineRequests(engine);
        this.codec = new FrameCodec(config.maxFrameBytes());
        this.backoff = new Backoff(config.initialBackoff(), config.maxBackoff(), new Random());
        this.http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT)
                .sslContext(PlatformTls.context(config.caFile())).build();
        this.scheduler = Executors.newSingleThreadScheduledExecutor(named("dblab-tunnel"));
        int n = config.concurrentRequests();
        this.workers = new ThreadPoolExecutor(n, n, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(n * QUEUE_PER_WORKER),
                named("dblab-tunnel-request"));
    }

    public void start() {
        scheduler.execute(this::dial);
    }

    public State state() {
        return state;
    }

    @Override
    public void close() {
        closed = true;
        Connection connection = current;
        if (connection != null) {
            connection.end(CloseCodes.GOING_AWAY, "the engine's connector stops");
        }
        scheduler.shutdownNow();
        workers.shutdownNow();
        try {
            scheduler.awaitTermination(5, TimeUnit.SECONDS);
            workers.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        state = State.STOPPED;
    }

    private void dial() {
        if (closed) {
            return;
        }
        state = State.CONNECTING;
        http.newWebSocketBuilder()
                .header("Authorization", "Bearer " + config.key())
                .connectTimeout(CONNECT_TIMEOUT)
                .buildAsync(config.platform(), new Connection(this, config.maxFrameBytes()))
                .whenComplete((socket, failure) -> {
                    if (failure != null) {
                        notConnected(failure instanceof CompletionException && failure.getCause() != null
                                ? failure.getCause() : failure);
                    }
                });
    }

    private void notConnected(Throwable failure) {
        if (failure instanceof WebSocketHandshakeException refused
                && (refused.getResponse().statusCode() == 401 || refused.getResponse().statusCode() == 403)) {
            state = State.REFUSED;
            LOG.warn("the Platform at {} refused the tunnel's registration key (HTTP {}): it is wrong or was revoked;"
                            + " trying again in {} s", config.platform(), refused.getResponse().statusCode(),
                    config.refusedRetry().toSeconds());
            schedule(this::dial, config.refusedRetry());
            return;
        }
        String why;
        if (failure instanceof WebSocketHandshakeException refused) {
            why = "HTTP " + refused.getResponse().statusCode() + " instead of a WebSocket";
        } else if (causedBy(failure, SSLException.class)) {
            why = "the TLS handshake failed (is the Platform's certificate signed by an authority in the CA file,"
                    + " or the JVM's trust store when none is given?)";
        } else {
            why = String.valueOf(failure.getMessage());
        }
        retryLater("cannot open the tunnel to " + config.platform() + ": " + why);
    }

    @Override
    public void opened(Connection connection) {
        if (closed) {
            connection.end(CloseCodes.GOING_AWAY, "the engine's connector stops");
            return;
        }
        current = connection;
        state = State.CONNECTED;
        LOG.info("tunnel to {} open", config.platform());
        // not on the WebSocket's own thread: the hello asks the engine first
        scheduler.execute(() -> send(connection, hello()));
        long every = config.heartbeat().toMillis();
        heartbeat = scheduler.scheduleAtFixedRate(() -> beat(connection), every, every, TimeUnit.MILLISECONDS);
    }

    @Override
    public void text(Connection connection, String text) {
        Frame frame;
        try {
            frame = codec.decode(text);
        } catch (ProtocolException e) {
            connection.end(CloseCodes.PROTOCOL_ERROR, "not a tunnel frame");
            return;
        }
        if (!(frame instanceof Frame.Request request)) {
            connection.end(CloseCodes.PROTOCOL_ERROR, "the Platform sent a " + frame.getClass().getSimpleName());
            return;
        }
        try {
            workers.execute(() -> send(connection, requests.answer(request)));
        } catch (RejectedExecutionException e) {
            send(connection, new Frame.Error(request.id(), "the engine's tunnel connector is busy: "
                    + workers.getActiveCount() + " requests running and " + workers.getQueue().size() + " waiting"));
        }
    }

    @Override
    public void ended(Connection connection, String reason) {
        if (current == connection) {
            current = null;
            ScheduledFuture<?> beating = heartbeat;
            if (beating != null) {
                beating.cancel(false);
            }
        }
        if (closed) {
            return;
        }
        // a connection that lasted past a heartbeat was a success: the next failure starts the backoff afresh
        if (System.nanoTime() - connection.openedAtNanos >= config.heartbeat().toNanos()) {
            failures.set(0);
        }
        retryLater("tunnel to " + config.platform() + " closed: " + reason);
    }

    private void retryLater(String why) {
        if (closed) {
            return;
        }
        Duration wait = backoff.delay(failures.getAndIncrement());
        state = State.WAITING;
        LOG.info("{}; reconnecting in {} ms", why, wait.toMillis());
        schedule(this::dial, wait);
    }

    private void schedule(Runnable task, Duration after) {
        try {
            scheduler.schedule(task, after.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException stopping) {
            // close() is under way
        }
    }

    /** A ping now, and the connection ended when its pong is not back in time. */
    private void beat(Connection connection) {
        long sent = System.nanoTime();
        connection.ping();
        schedule(() -> {
            if (connection.lastPongNanos() - sent < 0) {
                connection.end(CloseCodes.GOING_AWAY, "no pong within " + config.pongTimeout().toMillis() + " ms");
            }
        }, config.pongTimeout());
    }

    /** The answer, or an error frame in its place when it is over the maximum size. */
    private void send(Connection connection, Frame frame) {
        try {
            connection.send(codec.encode(frame));
        } catch (FrameTooLargeException e) {
            long id = frame instanceof Frame.Response response ? response.id() : -1;
            send(connection, new Frame.Error(id, "the engine's answer is too large for the tunnel: " + e.getMessage()));
        }
    }

    /** Hello with what the engine says about itself; empty fields when it does not answer now. */
    private Frame.Hello hello() {
        try {
            EngineReply reply = engine.exchange("GET", "/healthz", null);
            if (reply.status() == 200) {
                Healthz health = Json.mapper().readValue(reply.body(), Healthz.class);
                return new Frame.Hello(FrameCodec.PROTOCOL, health.version(), health.edition(), health.instanceID());
            }
        } catch (IOException e) {
            LOG.warn("the engine does not answer /healthz: {}", e.getMessage());
        }
        return new Frame.Hello(FrameCodec.PROTOCOL, "", "", "");
    }

    private static boolean causedBy(Throwable failure, Class<? extends Throwable> type) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    private static ThreadFactory named(String name) {
        AtomicInteger n = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, name + "-" + n.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
