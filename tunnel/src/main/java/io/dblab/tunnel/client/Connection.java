package io.dblab.tunnel.client;

import io.dblab.tunnel.protocol.CloseCodes;
import io.dblab.tunnel.protocol.FrameCodec;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * One WebSocket to the Platform, as the JDK's listener: assembles text frames (refusing one over
 * the maximum size), sends one message at a time (the JDK's WebSocket allows no overlapping
 * sends), and reports pongs, and its end, once.
 */
final class Connection implements WebSocket.Listener {
    /** What the connector does with this connection's events. */
    interface Events {
        void opened(Connection connection);

        void text(Connection connection, String frame);

        void ended(Connection connection, String reason);
    }

    private final Events events;
    private final int maxFrameBytes;
    private final StringBuilder partial = new StringBuilder();
    private final Object sendLock = new Object();
    private CompletableFuture<?> lastSend = CompletableFuture.completedFuture(null);
    private volatile WebSocket socket;
    private volatile long lastPongNanos;
    private volatile boolean ended;
    final long openedAtNanos = System.nanoTime();

    Connection(Events events, int maxFrameBytes) {
        this.events = events;
        this.maxFrameBytes = maxFrameBytes;
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        socket = webSocket;
        lastPongNanos = System.nanoTime();
        webSocket.request(1);
        events.opened(this);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (FrameCodec.utf8Length(partial) > maxFrameBytes) {
            partial.setLength(0);
            end(CloseCodes.MESSAGE_TOO_BIG, "a frame from the Platform is larger than the maximum of " + maxFrameBytes + " bytes");
            return null;
        }
        if (last) {
            String frame = partial.toString();
            partial.setLength(0);
            events.text(this, frame);
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
        end(CloseCodes.PROTOCOL_ERROR, "the Platform sent a binary frame; the tunnel speaks text");
        return null;
    }

    @Override
    public CompletionStage<?> onPong(WebSocket webSocket, ByteBuffer message) {
        lastPongNanos = System.nanoTime();
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        ended("the Platform closed the tunnel (" + statusCode + (reason.isBlank() ? "" : " " + reason) + ")");
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        ended("the connection failed: " + error.getMessage());
    }

    void send(String text) {
        enqueue(ws -> ws.sendText(text, true));
    }

    void ping() {
        enqueue(ws -> ws.sendPing(ByteBuffer.allocate(0)));
    }

    long lastPongNanos() {
        return lastPongNanos;
    }

    /** Closes with a code and reason the Platform sees, and stops reading. */
    void end(int code, String reason) {
        WebSocket ws = socket;
        if (ws != null) {
            ws.sendClose(code, reason).orTimeout(1, TimeUnit.SECONDS)
                    .whenComplete((done, failed) -> ws.abort());
        }
        ended(reason);
    }

    /** Reported once, and only for a connection that opened: a failed handshake is the dialler's to report. */
    private void ended(String reason) {
        if (!ended && socket != null) {
            ended = true;
            events.ended(this, reason);
        }
    }

    private void enqueue(Function<WebSocket, CompletableFuture<WebSocket>> send) {
        synchronized (sendLock) {
            // a failed send ends the chain's failure here: the connection's end is reported by onError/onClose
            lastSend = lastSend.handle((ok, failed) -> null).thenCompose(ignored -> ended ? CompletableFuture.completedFuture(null)
                    : send.apply(socket));
        }
    }
}
