package io.dblab.serverkit.http;

import io.dblab.client.Json;
import io.dblab.client.model.ApiError;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpHeaderValue;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps slow or greedy clients from holding the API. Jetty reads headers without a worker thread,
 * but a request body is read by a worker that blocks until the body is complete, so a client that
 * sends one byte a second holds a worker for as long as it likes, and a few hundred such clients
 * hold them all. Hence:
 * <ul>
 *   <li>a request's headers must be complete within {@link #HEADER_TIMEOUT} of the connection's
 *       opening or of the previous response on it, unless that response upgraded the connection
 *       to a WebSocket;</li>
 *   <li>its body within {@link #BODY_TIMEOUT} of its headers;</li>
 *   <li>a connection that neither sends nor receives for {@link #IDLE_TIMEOUT} is closed (a client
 *       that does not read its response);</li>
 *   <li>one client address has at most {@link #MAX_REQUESTS_PER_CLIENT} requests in progress;
 *       more get 429 at once.</li>
 * </ul>
 * A connection that misses a deadline is closed without an answer: it is not reading one.
 */
public final class HttpLimits extends Handler.Wrapper implements Connection.Listener {
    private static final Logger LOG = LoggerFactory.getLogger(HttpLimits.class);
    static final Duration HEADER_TIMEOUT = Duration.ofSeconds(15);
    static final Duration BODY_TIMEOUT = Duration.ofSeconds(20);
    static final Duration IDLE_TIMEOUT = Duration.ofSeconds(30);
    static final int MAX_REQUESTS_PER_CLIENT = 32;
    static final String TOO_MANY_MESSAGE = "too many requests in progress from this address (the limit is "
            + MAX_REQUESTS_PER_CLIENT + "); retry when some have finished";

    private final ConcurrentHashMap<String, Integer> inProgress = new ConcurrentHashMap<>();
    private final byte[] tooMany;
    private Scheduler scheduler;

    public HttpLimits() {
        try {
            tooMany = Json.mapper().writeValueAsBytes(new ApiError(ApiError.TOO_MANY_REQUESTS, TOO_MANY_MESSAGE));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Applies the idle timeout and the header deadline to the connections of {@code connector}. */
    public ServerConnector limit(ServerConnector connector) {
        connector.setIdleTimeout(IDLE_TIMEOUT.toMillis());
        connector.addEventListener(this);
        scheduler = connector.getScheduler();
        return connector;
    }

    @Override
    public void onOpened(Connection connection) {
        expectHeaders(connection, connection.getMessagesIn());
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        String client = Request.getRemoteAddr(request);
        if (!admit(client)) {
            response.setStatus(429);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
            response.getHeaders().put(HttpHeader.CONNECTION, HttpHeaderValue.CLOSE.asString());
            response.write(true, ByteBuffer.wrap(tooMany), callback);
            return true;
        }
        InProgress progress = new InProgress(request, client);
        boolean handled = false;
        try {
            handled = super.handle(progress.request(), response, Callback.from(callback, progress::end));
            return handled;
        } finally {
            if (!handled) {
                progress.end();
            }
        }
    }

    private boolean admit(String client) {
        if (inProgress.merge(client, 1, Integer::sum) <= MAX_REQUESTS_PER_CLIENT) {
            return true;
        }
        release(client);
        return false;
    }

    private void release(String client) {
        inProgress.computeIfPresent(client, (c, n) -> n == 1 ? null : n - 1);
    }

    /**
     * Closes the connection unless the headers of a request after the first {@code requestsSoFar} are
     * complete in time. Jetty counts a request in when its headers are complete; connections that
     * count none (the TLS layer below HTTP) answer -1 and are left to the HTTP connection above them.
     */
    private void expectHeaders(Connection connection, long requestsSoFar) {
        if (requestsSoFar < 0) {
            return;
        }
        scheduler.schedule(() -> {
            // A request that upgraded its connection (a WebSocket) handed the end point to another
            // connection, which is not HTTP and sends no further requests: not a slow client.
            boolean stillHttp = connection.getEndPoint().getConnection() == connection;
            if (stillHttp && connection.getMessagesIn() == requestsSoFar) {
                close(connection, "request headers not complete within " + HEADER_TIMEOUT.toSeconds() + " s");
            }
        }, HEADER_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static void close(Connection connection, String reason) {
        if (connection.getEndPoint().isOpen()) {
            LOG.info("closing API connection from {}: {}", connection.getEndPoint().getRemoteSocketAddress(), reason);
            connection.getEndPoint().close(new TimeoutException(reason));
        }
    }

    private static boolean hasBody(Request request) {
        HttpFields headers = request.getHeaders();
        return headers.getLongField(HttpHeader.CONTENT_LENGTH) > 0 || headers.contains(HttpHeader.TRANSFER_ENCODING);
    }

    /** One admitted request: its client's slot, and the deadline of its body until the body is read. */
    private final class InProgress {
        private final String client;
        private final Connection connection;
        /** This request's number on its connection: the next one must follow it in time. */
        private final long number;
        private final AtomicBoolean ended = new AtomicBoolean();
        private final Request request;
        private final Scheduler.Task bodyDeadline;

        InProgress(Request request, String client) {
            this.client = client;
            this.connection = request.getConnectionMetaData().getConnection();
            this.number = connection.getMessagesIn();
            if (hasBody(request)) {
                bodyDeadline = scheduler.schedule(() -> close(connection, "request body not complete within "
                        + BODY_TIMEOUT.toSeconds() + " s"), BODY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                this.request = new Request.Wrapper(request) {
                    @Override
                    public Content.Chunk read() {
                        Content.Chunk chunk = super.read();
                        if (chunk != null && chunk.isLast()) {
                            bodyDeadline.cancel();
                        }
                        return chunk;
                    }
                };
            } else {
                bodyDeadline = null;
                this.request = request;
            }
        }

        Request request() {
            return request;
        }

        void end() {
            if (ended.compareAndSet(false, true)) {
                if (bodyDeadline != null) {
                    bodyDeadline.cancel();
                }
                release(client);
                expectHeaders(connection, number);
            }
        }
    }
}
