package io.dblab.engine.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.dblab.engine.Engine;
import io.dblab.testkit.FreePorts;
import io.dblab.testkit.Requirements;
import io.dblab.testkit.TempDirs;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Clients that send their request bodies one byte a second cannot stall the API: a separate client
 * is answered meanwhile, and the server ends every slow request by itself. Real HTTP on loopback,
 * over raw sockets so that the test controls every byte and every connection it opens. Each test has
 * its own engine and waits out one of the server's timeouts (15 s, 20 s).
 */
class SlowClientsTest {
    private static final String TOKEN = "slow-clients-token";
    private static final int SLOW_CLIENTS = 300;
    /** A POST /clone whose headers promise 60,000 bytes of body, of which it sends the first. */
    private static final String SLOW_BODY = "POST /clone HTTP/1.1\r\nHost: 127.0.0.1\r\nVerification-Token: " + TOKEN
            + "\r\nContent-Type: application/json\r\nContent-Length: 60000\r\n\r\n{";
    /** Generous: a stalled API is one that does not answer in this time at all. */
    private static final int ANSWER_TIMEOUT_MILLIS = 60_000;

    private Path dir;
    private Engine engine;
    private final List<SlowClient> slow = new ArrayList<>();
    private final ScheduledExecutorService trickle = Executors.newSingleThreadScheduledExecutor();

    @BeforeEach
    void start() throws IOException {
        Requirements.requirePostgres();
        dir = Files.createTempDirectory("dblab-slow-clients-");
        engine = Engine.start(ApiOnlyConfig.of(dir, FreePorts.next(), TOKEN, null));
    }

    @AfterEach
    void stop() {
        trickle.shutdownNow();
        slow.forEach(SlowClient::close);
        if (engine != null) {
            engine.close();
        }
        TempDirs.deleteRecursively(dir);
    }

    @Test
    void statusAnswersWhileSlowBodiesTrickleAndTheServerEndsThem() throws Exception {
        for (int i = 0; i < SLOW_CLIENTS; i++) {
            slow.add(SlowClient.open(engine.apiPort(), SLOW_BODY));
        }
        trickle.scheduleWithFixedDelay(() -> slow.forEach(SlowClient::sendOneByte), 1, 1, TimeUnit.SECONDS);

        // another loopback address is another client, outside the slow ones' per-client limit
        assertThat(status("127.0.0.2")).startsWith("HTTP/1.1 200").contains("\"pools\"");
        assertThat(slow).as("slow requests still in progress when /status answered").anyMatch(SlowClient::waiting);

        // over the per-client limit: 429 at once; the others: closed after the body timeout
        for (SlowClient client : slow) {
            client.readUntilClosedByServer();
        }
        assertThat(slow).anyMatch(c -> c.received().startsWith("HTTP/1.1 429") && c.received().contains("TOO_MANY_REQUESTS"));
        assertThat(slow).anyMatch(c -> c.received().isEmpty());
        // and the slow ones' address has its requests back
        assertThat(status("127.0.0.1")).startsWith("HTTP/1.1 200");
    }

    private String status(String localAddress) throws IOException {
        return request(localAddress, "GET /status HTTP/1.1\r\nHost: 127.0.0.1\r\nVerification-Token: " + TOKEN
                + "\r\nConnection: close\r\n\r\n");
    }

    @Test
    void headersThatNeverEndAreCut() throws Exception {
        SlowClient client = SlowClient.open(engine.apiPort(), "GET /status HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ");
        slow.add(client);
        trickle.scheduleWithFixedDelay(client::sendOneByte, 1, 1, TimeUnit.SECONDS);
        client.readUntilClosedByServer();
        assertThat(client.received()).isEmpty();
    }

    /** Sends {@code request} from {@code localAddress} and returns the whole answer. */
    private String request(String localAddress, String request) throws IOException {
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(localAddress, 0));
            socket.connect(new InetSocketAddress("127.0.0.1", engine.apiPort()));
            socket.setSoTimeout(ANSWER_TIMEOUT_MILLIS);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** A client that sends the start of a request and then one byte a second. */
    private static final class SlowClient {
        private final Socket socket;
        private final ByteArrayOutputStream received = new ByteArrayOutputStream();
        private volatile boolean closedByServer;

        private SlowClient(Socket socket) {
            this.socket = socket;
        }

        static SlowClient open(int port, String start) throws IOException {
            Socket socket = new Socket("127.0.0.1", port);
            socket.getOutputStream().write(start.getBytes(StandardCharsets.US_ASCII));
            return new SlowClient(socket);
        }

        /** Once an answer has come, sends nothing more: writing to a closed connection would reset it. */
        void sendOneByte() {
            try {
                if (!closedByServer && socket.getInputStream().available() == 0) {
                    socket.getOutputStream().write(' ');
                }
            } catch (IOException e) {
                closedByServer = true;
            }
        }

        /** True when the server has neither answered nor closed the connection. */
        synchronized boolean waiting() {
            try {
                if (socket.getInputStream().available() > 0) {
                    return false;
                }
                socket.setSoTimeout(1);
                readSome(socket.getInputStream());
                return false;
            } catch (SocketTimeoutException e) {
                return true;
            } catch (IOException e) {
                closedByServer = true;
                return false;
            }
        }

        synchronized void readUntilClosedByServer() throws IOException {
            socket.setSoTimeout(ANSWER_TIMEOUT_MILLIS);
            try {
                while (readSome(socket.getInputStream())) {
                    // keep reading: the answer, if any, ends with the server closing the connection
                }
            } catch (SocketTimeoutException e) {
                throw new AssertionError("the server did not close a slow connection; it received: " + received(), e);
            } catch (SocketException e) {
                closedByServer = true; // reset by the server
            }
        }

        /** Reads what is there into {@link #received}; false at the end of the stream. */
        private boolean readSome(InputStream in) throws IOException {
            byte[] buffer = new byte[4096];
            int n = in.read(buffer);
            if (n < 0) {
                closedByServer = true;
                return false;
            }
            received.write(buffer, 0, n);
            return true;
        }

        String received() {
            return received.toString(StandardCharsets.UTF_8);
        }

        void close() {
            try {
                socket.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
