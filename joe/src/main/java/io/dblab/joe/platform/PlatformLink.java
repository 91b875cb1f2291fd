package io.dblab.joe.platform;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.dblab.client.Json;
import io.dblab.client.platform.PlatformApi;
import io.dblab.joe.config.JoeConfig;
import io.dblab.joe.history.HistoryEntry;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.BlockingDeque;
import java.util.concurrent.LinkedBlockingDeque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Joe's line to the Platform ({@code platform} in joe.yml). On start it registers this Joe (its name, the
 * address of its API and a command token made for the Platform alone), then sends each command's history
 * entry, one by one, from a bounded queue on a thread of its own: a command never waits for the Platform
 * and never fails because of it. While the Platform does not answer, entries wait and are retried with
 * {@link RetryDelay}; one line in the log says so, one more when it answers again. A full queue drops its
 * oldest entry. Entries the Platform refuses for good (4xx) are dropped with a warning.
 */
public final class PlatformLink implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PlatformLink.class);
    static final int QUEUE_CAPACITY = 1000;
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    private static final SecureRandom RANDOM = new SecureRandom();
    private final PlatformApi api;
    private final String name;
    private final String joeUrl;
    private final String commandToken = randomToken();
    private final BlockingDeque<HistoryEntry> queue = new LinkedBlockingDeque<>(QUEUE_CAPACITY);
    private final ObjectMapper json = Json.mapper().copy().disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    private final RetryDelay retry = new RetryDelay(Duration.ofMillis(250), Duration.ofSeconds(10));
    private final Thread worker = new Thread(this::work, "joe-platform-link");
    private volatile boolean closed;
    private Long instanceId;
    private boolean unreachable;
    private long dropped;

    public PlatformLink(JoeConfig.Platform config, String joeUrl) {
        this.api = new PlatformApi(URI.create(config.url()), config.token(),
                config.caFile() == null ? null : Path.of(config.caFile()), REQUEST_TIMEOUT);
        this.name = config.name();
        this.joeUrl = joeUrl;
        worker.setDaemon(true);
    }

    /** The token the Platform calls Joe's {@code POST /api/commands} with: made at each start, sent only to the Platform. */
    public String commandToken() {
        return commandToken;
    }

    public PlatformLink start() {
        worker.start();
        return this;
    }

    /** Queues an entry for the Platform; never blocks. A full queue lets its oldest entry go. */
    public void send(HistoryEntry entry) {
        while (!queue.offerLast(entry)) {
            if (queue.pollFirst() != null && dropped++ == 0) {
                LOG.warn("{} history entries wait for the Platform at {}: the oldest are dropped from now on",
                        QUEUE_CAPACITY, api.base());
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        worker.interrupt();
    }

    private void work() {
        try {
            while (!closed) {
                if (instanceId == null) {
                    attempt(this::register);
                } else {
                    HistoryEntry entry = queue.takeFirst();
                    if (!attempt(() -> deliver(entry))) {
                        queue.offerFirst(entry);
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @FunctionalInterface
    private interface Step {
        /** @return false to try again later (the Platform was not ready for it) */
        boolean run() throws IOException, InterruptedException;
    }

    /** Runs a step; on failure waits the next retry delay. Returns whether it succeeded. */
    private boolean attempt(Step step) throws InterruptedException {
        boolean done;
        try {
            done = step.run();
        } catch (IOException e) {
            if (!unreachable) {
                LOG.warn("{}; Joe keeps answering, and keeps up to {} history entries to send when it answers",
                        e.getMessage(), QUEUE_CAPACITY);
                unreachable = true;
            }
            done = false;
        }
        if (done) {
            if (unreachable) {
                LOG.info("the Platform at {} answers again; sending the history entries that waited", api.base());
                unreachable = false;
            }
            retry.reset();
        } else {
            Thread.sleep(retry.next().toMillis());
        }
        return done;
    }

    private boolean register() throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("url", joeUrl);
        body.put("token", commandToken);
        PlatformApi.Reply reply = api.post("/api/joe/instances", json.writeValueAsString(body));
        if (!reply.ok()) {
            throw new IOException("the Platform at " + api.base() + " refused to register Joe '" + name + "': "
                    + reply.message());
        }
        instanceId = Json.object(reply.body()).map(n -> n.path("id").asLong()).orElseThrow(() -> new IOException(
                "the Platform at " + api.base() + " answered the registration without an id"));
        LOG.info("registered with the Platform at {} as '{}' (Joe's address there: {})", api.base(), name, joeUrl);
        return true;
    }

    private boolean deliver(HistoryEntry entry) throws IOException {
        PlatformApi.Reply reply = api.post("/api/joe/instances/" + instanceId + "/history", json.writeValueAsString(entry));
        if (reply.ok()) {
            return true;
        }
        if (reply.status() == 404) {
            // the Platform no longer knows this Joe (its registration was removed): register again, then resend
            instanceId = null;
            return false;
        }
        if (reply.status() == 408 || reply.status() == 429 || reply.status() >= 500) {
            throw new IOException("the Platform at " + api.base() + " cannot take history now: " + reply.message());
        }
        LOG.warn("the Platform at {} refused a history entry of {} ({}); it is dropped", api.base(), entry.user(),
                reply.message());
        return true;
    }

    private static String randomToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return "joep_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
