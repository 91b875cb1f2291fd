package io.dblab.engine.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.dblab.client.Json;
import io.dblab.engine.audit.AuditLog;
import io.dblab.engine.config.EngineConfig;
import io.dblab.engine.schedule.BackgroundTask;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sends events to the configured hooks in the background: {@link #publish} only queues, so a slow
 * or dead receiver never holds up (or fails) the operation that reported the event. A delivery that
 * gets no 2xx is retried with exponential backoff up to {@code webhooks.attempts} times. Every
 * attempt is audited ({@code webhook.deliver}, target the hook's URL; never its secret). At most
 * {@link #CAPACITY} deliveries wait at a time; beyond that an event is dropped, and audited so.
 */
public final class WebhookDispatcher implements EngineEvents, AutoCloseable {
    /** The reference's header for a hook's secret. */
    public static final String TOKEN_HEADER = "DBLab-Webhook-Token";
    static final int CAPACITY = 256;

    private final EngineConfig.Webhooks config;
    private final String accessHost;
    private final AuditLog audit;
    private final HttpClient http;
    private final ScheduledThreadPoolExecutor workers =
            new ScheduledThreadPoolExecutor(1, BackgroundTask.daemonThreads("webhook-sender"));
    private final AtomicInteger waiting = new AtomicInteger();

    /** {@code accessHost}: the {@code host} a clone event names, where clients reach the clone. */
    public WebhookDispatcher(EngineConfig.Webhooks config, String accessHost, AuditLog audit) {
        this.config = config;
        this.accessHost = accessHost;
        this.audit = audit;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(config.timeoutMillis()))
                .followRedirects(HttpClient.Redirect.NEVER).build();
        workers.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    @Override
    public void publish(EngineEvent event) {
        for (EngineConfig.Hook hook : config.hooks()) {
            if (!hook.trigger().contains(event.type())) {
                continue;
            }
            if (waiting.incrementAndGet() > CAPACITY) {
                waiting.decrementAndGet();
                audit.record(AuditLog.ENGINE, "webhook.deliver", hook.url(), "DROPPED: " + CAPACITY
                        + " deliveries are waiting already", details(event, 0));
                continue;
            }
            try {
                workers.execute(() -> attempt(hook, event, body(event), 1));
            } catch (RuntimeException e) { // shut down: the engine is stopping
                waiting.decrementAndGet();
            }
        }
    }

    /**
     * Sends without blocking a thread on the receiver (a slow one must not hold up deliveries to
     * the others); the outcome is handled when the answer, an error or the timeout arrives.
     */
    private void attempt(EngineConfig.Hook hook, EngineEvent event, String body, int attempt) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(hook.url()))
                .timeout(Duration.ofMillis(config.timeoutMillis()))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (!hook.secret().isEmpty()) {
            request.header(TOKEN_HEADER, hook.secret());
        }
        http.sendAsync(request.build(), HttpResponse.BodyHandlers.discarding()).whenComplete((response, error) ->
                outcome(hook, event, body, attempt, error != null ? reason(error)
                        : response.statusCode() / 100 == 2 ? null : "HTTP " + response.statusCode()));
    }

    /** {@code failure}: null when the receiver answered 2xx. */
    private void outcome(EngineConfig.Hook hook, EngineEvent event, String body, int attempt, String failure) {
        if (failure == null) {
            audit.record(AuditLog.ENGINE, "webhook.deliver", hook.url(), "OK", details(event, attempt));
            waiting.decrementAndGet();
            return;
        }
        if (attempt >= config.attempts()) {
            audit.record(AuditLog.ENGINE, "webhook.deliver", hook.url(), "FAILED: " + failure + "; gave up after "
                    + attempt + " attempts", details(event, attempt));
            waiting.decrementAndGet();
            return;
        }
        long delay = (long) config.backoffMillis() << (attempt - 1);
        audit.record(AuditLog.ENGINE, "webhook.deliver", hook.url(), "FAILED: " + failure + "; retrying in "
                + delay + " ms", details(event, attempt));
        try {
            workers.schedule(() -> attempt(hook, event, body, attempt + 1), delay, TimeUnit.MILLISECONDS);
        } catch (RuntimeException e) { // shut down: the engine is stopping
            waiting.decrementAndGet();
        }
    }

    private static String reason(Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null
                ? error.getCause() : error;
        return cause.getMessage() == null ? cause.getClass().getSimpleName()
                : cause.getClass().getSimpleName() + ": " + cause.getMessage();
    }

    /** The reference's payload; a clone event also names the host its port is on. */
    private String body(EngineEvent event) {
        Map<String, Object> payload = new LinkedHashMap<>(event.payload());
        if (payload.containsKey("port")) {
            payload.put("host", accessHost);
        }
        try {
            return Json.mapper().writeValueAsString(payload);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode a webhook event", e); // a programming error
        }
    }

    private static Map<String, Object> details(EngineEvent event, int attempt) {
        return Map.of("event", event.type(), "entity_id", event.entityId() == null ? "" : event.entityId(),
                "attempt", attempt);
    }

    /** Stops at once: deliveries still waiting are dropped, as a stopping engine does not wait for receivers. */
    @Override
    public void close() {
        workers.shutdownNow();
    }
}
