package io.dblab.joe.slack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dblab.client.Json;
import io.dblab.joe.command.Answer;
import io.dblab.joe.command.ChatCommands;
import io.dblab.joe.config.JoeConfig;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Slack's Events API endpoint, {@code POST /slack/events}. Every request must carry Slack's
 * signature (see {@link SlackSignature}); one that does not is refused with 401 before its body is
 * read. Slack wants its 200 within three seconds and a command can take minutes (a new clone, a slow
 * query), so a message is answered with 200 at once and its command runs in the background; the
 * answer goes to the message's thread through Slack's Web API, the flame graph as a file beside it.
 * A message delivered twice (Slack's retries, {@code message} and {@code app_mention} of one
 * message) runs once; bots' messages, Joe's own among them, run never.
 */
public final class SlackEvents implements AutoCloseable {
    public static final String PATH = "/slack/events";
    private static final Logger LOG = LoggerFactory.getLogger(SlackEvents.class);
    /** Commands of different people run side by side; one person's wait in their session. */
    private static final int WORKERS = 8;

    private final SlackSignature signature;
    private final SlackWebApi slack;
    private final ChatCommands chat;
    private final RecentDeliveries deliveries = new RecentDeliveries();
    private final ObjectMapper json = Json.mapper();
    private final ExecutorService workers;

    public SlackEvents(JoeConfig.Slack config, ChatCommands chat, Clock clock) {
        this.signature = new SlackSignature(config.signingSecret(), clock);
        this.slack = new SlackWebApi(config.apiUrl(), config.botToken());
        this.chat = chat;
        AtomicInteger threads = new AtomicInteger();
        this.workers = Executors.newFixedThreadPool(WORKERS, task -> {
            Thread thread = new Thread(task, "joe-slack-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    public void addRoutes(JavalinConfig cfg) {
        cfg.routes.post(PATH, this::receive);
    }

    private void receive(Context ctx) {
        byte[] body = ctx.bodyAsBytes();
        if (!signature.verifies(ctx.header(SlackSignature.TIMESTAMP_HEADER), ctx.header(SlackSignature.SIGNATURE_HEADER), body)) {
            throw new HttpResponseException(401, "missing, wrong or old Slack signature: check slack.signingSecret"
                    + " and this machine's clock");
        }
        JsonNode request;
        try {
            request = json.readTree(new String(body, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new HttpResponseException(400, "the body is not JSON");
        }
        if (request == null || !request.isObject()) {
            throw new HttpResponseException(400, "the body must be a JSON object");
        }
        switch (request.path("type").asText()) {
            case "url_verification" -> ctx.json(Map.of("challenge", request.path("challenge").asText()));
            case "event_callback" -> {
                SlackMessage.of(request.path("event"))
                        .filter(message -> deliveries.first(message.deliveryKey()))
                        .ifPresent(message -> workers.execute(() -> answer(message)));
                ctx.status(200);
            }
            default -> ctx.status(200);
        }
    }

    private void answer(SlackMessage message) {
        try {
            Answer answer = chat.handle(message.user(), message.channel(), SlackText.command(message.text()));
            slack.postMessage(message.channel(), message.thread(), SlackText.answer(answer.shownText()));
            if (answer.flameGraphSvg().isPresent()) {
                slack.uploadFile(message.channel(), message.thread(), "flame-graph.svg", "Flame graph",
                        answer.flameGraphSvg().get().getBytes(StandardCharsets.UTF_8));
            }
        } catch (SlackWebApi.SlackApiException e) {
            LOG.warn("could not answer a Slack message in channel {}: {}", message.channel(), e.getMessage());
        } catch (RuntimeException e) {
            LOG.error("a Slack message in channel {} failed", message.channel(), e);
            try {
                slack.postMessage(message.channel(), message.thread(), "Joe failed to answer (an internal error; see Joe's log).");
            } catch (RuntimeException alsoFailed) {
                LOG.warn("could not tell Slack either: {}", alsoFailed.getMessage());
            }
        }
    }

    /** Stops taking messages up; the commands running now are interrupted. */
    @Override
    public void close() {
        workers.shutdownNow();
        try {
            workers.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
