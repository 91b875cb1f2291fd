package io.dblab.tunnel.server;

import io.dblab.client.transport.EngineReply;
import io.dblab.tunnel.protocol.Frame;
import io.dblab.tunnel.protocol.FrameCodec;
import io.dblab.tunnel.protocol.FrameTooLargeException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;

/**
 * One live WebSocket connection from an engine's connector: requests out, answered by id in any
 * order. When it closes, every request still waiting fails at once instead of at its timeout.
 */
final class Tunnel {
    private final String tunnelId;
    private final Session session;
    private final FrameCodec codec;
    private final Duration requestTimeout;
    private final AtomicLong lastId = new AtomicLong();
    private final Map<Long, CompletableFuture<EngineReply>> waiting = new ConcurrentHashMap<>();
    /** Null while open. */
    private volatile String closedBecause;

    Tunnel(String tunnelId, Session session, FrameCodec codec, Duration requestTimeout) {
        this.tunnelId = tunnelId;
        this.session = session;
        this.codec = codec;
        this.requestTimeout = requestTimeout;
    }

    String id() {
        return tunnelId;
    }

    Session session() {
        return session;
    }

    EngineReply exchange(String method, String path, String body) throws IOException {
        long id = lastId.incrementAndGet();
        String text;
        try {
            text = codec.encode(new Frame.Request(id, method, path, body));
        } catch (FrameTooLargeException e) {
            throw new IOException("cannot send " + method + " " + path + " to engine " + tunnelId + ": " + e.getMessage());
        }
        CompletableFuture<EngineReply> answer = new CompletableFuture<>();
        waiting.put(id, answer);
        try {
            // checked after registering: close() marks first and then fails what it finds waiting
            if (closedBecause != null) {
                throw new IOException("the tunnel to engine " + tunnelId + " is closed: " + closedBecause);
            }
            session.sendText(text, Callback.from(() -> {}, failure -> answer.completeExceptionally(
                    new IOException("cannot send " + method + " " + path + " to engine " + tunnelId
                            + " through its tunnel: " + failure.getMessage()))));
            return answer.get(requestTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new IOException("engine " + tunnelId + " did not answer " + method + " " + path + " through its tunnel within "
                    + requestTimeout.toSeconds() + " s");
        } catch (ExecutionException e) {
            throw new IOException(e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for engine " + tunnelId);
        } finally {
            waiting.remove(id);
        }
    }

    /** An answer from the connector; one to a request nobody waits for any more (timed out) is dropped. */
    void answered(Frame frame) {
        if (frame instanceof Frame.Response response) {
            complete(response.id(), answer -> answer.complete(
                    new EngineReply(response.status(), response.contentType(), response.body())));
        } else if (frame instanceof Frame.Error error) {
            complete(error.id(), answer -> answer.completeExceptionally(
                    new IOException("engine " + tunnelId + " through its tunnel: " + error.message())));
        }
    }

    private void complete(long id, Consumer<CompletableFuture<EngineReply>> how) {
        CompletableFuture<EngineReply> answer = waiting.get(id);
        if (answer != null) {
            how.accept(answer);
        }
    }

    /** Fails every waiting request; the first reason given is the one kept. */
    void closed(String reason) {
        if (closedBecause == null) {
            closedBecause = reason;
        }
        IOException failure = new IOException("tunnel to engine " + tunnelId
                + " closed while the request was in flight: " + closedBecause);
        waiting.values().forEach(answer -> answer.completeExceptionally(failure));
    }

    void close(int code, String reason) {
        closed(reason);
        session.close(code, reason, Callback.NOOP);
    }
}
