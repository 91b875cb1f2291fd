package io.dblab.tunnel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.dblab.client.DblabApiException;
import io.dblab.client.DblabClient;
import io.dblab.client.transport.EngineReply;
import io.dblab.client.transport.EngineTransport;
import io.dblab.testkit.FreePorts;
import io.dblab.tunnel.client.TunnelClientConfig;
import io.dblab.tunnel.client.TunnelConnector;
import io.dblab.tunnel.server.TunnelLimits;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The tunnel end to end on loopback: a hub in a real Javalin app, connectors, and a small real engine. */
class TunnelTest {
    private static final int MAX_FRAME = 64 * 1024;
    private static final TunnelLimits LIMITS = new TunnelLimits(MAX_FRAME, Duration.ofSeconds(30), Duration.ofSeconds(30));

    private final List<AutoCloseable> cleanUp = new ArrayList<>();
    private TestEngine engine;
    private TestPlatform platform;

    @BeforeEach
    void start() {
        engine = opened(new TestEngine());
        platform = new TestPlatform(0, LIMITS);
        platform.keys.put("key-1", "engine-1");
    }

    @AfterEach
    void stop() throws Exception {
        for (int i = cleanUp.size() - 1; i >= 0; i--) {
            cleanUp.get(i).close();
        }
        platform.close();
    }

    @Test
    void requestsReachTheEngineAndAnswersComeBack() {
        connect("key-1", engine.transport("token-1"));
        DblabClient client = new DblabClient(platform.hub.transport("engine-1").orElseThrow());

        assertThat(client.healthz().version()).isEqualTo("test-engine");
        assertThat(client.clone("c1").id()).isEqualTo("c1");
        await().until(() -> platform.events.contains("connected engine-1 test-engine"));
    }

    @Test
    void aTunnelOutlivesTheDeadlinesOfTheHttpRequestThatOpenedIt() {
        // The Platform's HTTP limits close a connection whose next request's headers are late (15 s);
        // once upgraded, the connection carries WebSocket frames and must not be taken for a slow one.
        connect("key-1", engine.transport("token-1"));
        DblabClient client = new DblabClient(platform.hub.transport("engine-1").orElseThrow());

        await().during(Duration.ofSeconds(20)).atMost(Duration.ofSeconds(25))
                .until(() -> platform.events.equals(List.of("connected engine-1 test-engine")));
        assertThat(client.clone("later").id()).isEqualTo("later");
    }

    @Test
    void fiftyConcurrentRequestsShareOneTunnelAndEachGetsItsOwnAnswer() throws Exception {
        connect("key-1", engine.transport("token-1"));
        DblabClient client = new DblabClient(platform.hub.transport("engine-1").orElseThrow());
        ExecutorService callers = Executors.newFixedThreadPool(50);
        try {
            List<Future<String>> answers = IntStream.range(0, 50)
                    .mapToObj(i -> callers.submit(() -> client.clone("c" + i).id())).toList();
            for (int i = 0; i < 50; i++) {
                assertThat(answers.get(i).get()).isEqualTo("c" + i);
            }
        } finally {
            callers.shutdownNow();
        }
        assertThat(engine.count("GET /clone/c49")).isEqualTo(1);
    }

    @Test
    void framesOverTheMaximumAreRefusedAndTheTunnelKeepsWorking() throws Exception {
        connect("key-1", engine.transport("token-1"));
        EngineTransport tunnel = platform.hub.transport("engine-1").orElseThrow();

        // the engine's answer is too large: the connector sends an error instead
        assertThatThrownBy(() -> tunnel.exchange("GET", "/snapshots?branch=" + (MAX_FRAME + 10), null))
                .isInstanceOf(IOException.class).hasMessageContaining("too large for the tunnel");
        // the Platform's request is too large: refused before it is sent
        String body = "{\"id\": \"" + "y".repeat(MAX_FRAME) + "\"}";
        assertThatThrownBy(() -> tunnel.exchange("POST", "/clone", body))
                .isInstanceOf(IOException.class).hasMessageContaining("larger than the tunnel's maximum");
        assertThat(engine.count("POST /clone")).isZero();

        assertThat(tunnel.exchange("GET", "/snapshots?branch=10", null).status()).isEqualTo(200);
        assertThat(tunnel.exchange("POST", "/clone", "{\"id\": \"small\"}").status()).isEqualTo(201);
    }

    @Test
    void aClientSendingAFrameOverTheMaximumIsClosedWith1009() throws Exception {
        CompletableFuture<Integer> closeCode = new CompletableFuture<>();
        WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder().header("Authorization", "Bearer key-1")
                .buildAsync(platform.url(), new WebSocket.Listener() {
                    @Override
                    public java.util.concurrent.CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
                        closeCode.complete(statusCode);
                        return null;
                    }
                }).join();
        socket.sendText("{\"type\":\"error\",\"id\":1,\"message\":\"" + "z".repeat(MAX_FRAME) + "\"}", true);

        assertThat(closeCode.get(10, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(1009);
        socket.abort();
    }

    @Test
    void aWrongKeyGets401AndNoTunnel() {
        CompletionException refused = org.junit.jupiter.api.Assertions.assertThrows(CompletionException.class, () ->
                HttpClient.newHttpClient().newWebSocketBuilder().header("Authorization", "Bearer wrong")
                        .buildAsync(platform.url(), new WebSocket.Listener() {}).join());
        assertThat(refused.getCause()).isInstanceOf(WebSocketHandshakeException.class);
        assertThat(((WebSocketHandshakeException) refused.getCause()).getResponse().statusCode()).isEqualTo(401);

        TunnelConnector connector = connector("wrong", engine.transport("token-1"));
        connector.start();
        await().until(() -> connector.state() == TunnelConnector.State.REFUSED);
        assertThat(platform.hub.isConnected("engine-1")).isFalse();
        assertThat(platform.events).isEmpty();
    }

    @Test
    void requestsOutsideTheControlOperationsAreRefusedByTheConnector() throws Exception {
        connect("key-1", engine.transport("token-1"));
        EngineTransport tunnel = platform.hub.transport("engine-1").orElseThrow();

        EngineReply metrics = tunnel.exchange("GET", "/metrics", null);
        EngineReply deleteSnapshot = tunnel.exchange("DELETE", "/snapshot/s1", null);

        assertThat(metrics.status()).isEqualTo(403);
        assertThat(metrics.body()).contains("FORBIDDEN").doesNotContain("secret");
        assertThat(deleteSnapshot.status()).isEqualTo(403);
        assertThat(engine.count("GET /metrics") + engine.count("DELETE /snapshot/s1")).isZero();
        assertThatThrownBy(() -> new DblabClient(tunnel).deleteSnapshot("s1", false))
                .isInstanceOf(DblabApiException.class).hasMessageContaining("not one of the control operations");
    }

    @Test
    void aRequestInFlightFailsAtOnceWhenTheTunnelDrops() throws Exception {
        TunnelConnector connector = connect("key-1", engine.transport("token-1"));
        EngineTransport tunnel = platform.hub.transport("engine-1").orElseThrow();
        CompletableFuture<EngineReply> inFlight = CompletableFuture.supplyAsync(() -> {
            try {
                return tunnel.exchange("GET", "/clone/slow", null);
            } catch (IOException e) {
                throw new CompletionException(e);
            }
        });
        engine.slowStarted.await();

        connector.close();

        // well before the 30 s request timeout
        await().atMost(Duration.ofSeconds(5)).until(inFlight::isDone);
        assertThatThrownBy(inFlight::join).hasCauseInstanceOf(IOException.class)
                .hasMessageContaining("tunnel to engine engine-1 closed while the request was in flight");
        await().until(() -> platform.events.contains("disconnected engine-1"));
        assertThatThrownBy(() -> tunnel.exchange("GET", "/status", null)).hasMessageContaining("is not connected");
    }

    @Test
    void aRevokedKeyClosesTheTunnelAndDoesNotGetInAgain() {
        TunnelConnector connector = connect("key-1", engine.transport("token-1"));
        int before = platform.presentations("key-1");

        platform.keys.remove("key-1");
        platform.hub.disconnect("engine-1");

        assertThat(platform.hub.isConnected("engine-1")).isFalse();
        assertThat(platform.events).contains("disconnected engine-1");
        await().until(() -> connector.state() == TunnelConnector.State.REFUSED);
        assertThat(platform.presentations("key-1")).isGreaterThan(before);
        assertThat(platform.hub.isConnected("engine-1")).isFalse();
    }

    @Test
    void theConnectorReconnectsAfterThePlatformRestarts() throws Exception {
        int port = FreePorts.next();
        platform.close();
        platform = new TestPlatform(port, LIMITS);
        platform.keys.put("key-1", "engine-1");
        TunnelConnector connector = connect("key-1", engine.transport("token-1"));

        platform.close();
        await().until(() -> connector.state() != TunnelConnector.State.CONNECTED);
        platform = new TestPlatform(port, LIMITS);
        platform.keys.put("key-1", "engine-1");

        await().atMost(Duration.ofSeconds(20)).until(() -> platform.hub.isConnected("engine-1"));
        assertThat(new DblabClient(platform.hub.transport("engine-1").orElseThrow()).clone("back").id()).isEqualTo("back");
    }

    @Test
    void twentyEnginesAtOnceEachAnswerTheirOwnRequests() throws Exception {
        for (int i = 0; i < 20; i++) {
            platform.keys.put("key-" + i, "engine-" + i);
            connector("key-" + i, engine.transport("token-" + i)).start();
        }
        await().until(() -> IntStream.range(0, 20).allMatch(i -> platform.hub.isConnected("engine-" + i)));

        for (int i = 0; i < 20; i++) {
            EngineReply status = platform.hub.transport("engine-" + i).orElseThrow().exchange("GET", "/status", null);
            assertThat(status.body()).contains("\"token-" + i + "\"");
        }
    }

    /** A started connector whose tunnel the hub has. */
    private TunnelConnector connect(String key, EngineTransport engineTransport) {
        TunnelConnector connector = connector(key, engineTransport);
        connector.start();
        String tunnelId = platform.keys.get(key);
        await().until(() -> platform.hub.isConnected(tunnelId));
        return connector;
    }

    private TunnelConnector connector(String key, EngineTransport engineTransport) {
        TunnelClientConfig config = TunnelClientConfig.of(platform.url(), key, null)
                .withBackoff(Duration.ofMillis(50), Duration.ofMillis(500), Duration.ofMillis(500))
                .withMaxFrameBytes(MAX_FRAME);
        return opened(new TunnelConnector(config, engineTransport));
    }

    private <T extends AutoCloseable> T opened(T resource) {
        cleanUp.add(resource);
        return resource;
    }
}
