package io.dblab.joe.slack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dblab.engine.EngineFixture;
import io.dblab.joe.Joe;
import io.dblab.joe.config.JoeConfig;
import io.dblab.joe.testing.JoeFixture;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Slack's Events API endpoint with a real engine, a real Joe and a real HTTP server on loopback in
 * the place of Slack's Web API: signatures, the URL check, answers in the thread, retries and bots.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SlackEventsTest {
    private static final String SIGNING_SECRET = "slack-test-signing-secret-5d1c";
    private static final String BOT_TOKEN = "xoxb-test-bot-token-7e2a";
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private final SlackSignature slackSide = new SlackSignature(SIGNING_SECRET, Clock.systemUTC());
    private final AtomicInteger messages = new AtomicInteger();
    EngineFixture engine;
    FakeSlackWebApi slack;
    Path stateDir;
    Joe joe;

    @BeforeAll
    void start() throws Exception {
        engine = EngineFixture.start(EngineFixture.Setup.logical(19471, 19475));
        slack = new FakeSlackWebApi();
        stateDir = Files.createTempDirectory("joe-slack-test-");
        JoeConfig base = JoeFixture.config(engine, stateDir);
        joe = Joe.start(new JoeConfig(base.server(), base.engines(), base.channels(), base.sessions(), base.limits(),
                base.history(), base.audit(), base.strictMode(), base.insights(), base.stateDir(),
                new JoeConfig.Slack(SIGNING_SECRET, BOT_TOKEN, slack.apiUrl())));
    }

    @AfterAll
    void stop() throws Exception {
        JoeFixture.stopAll(joe, slack, engine, stateDir);
    }

    @Test
    void requestsWithoutSlacksSignatureAre401AndRunNothing() throws Exception {
        String body = message("U0BAD", "C0BAD", "explain select 401").toString();
        String now = Long.toString(Instant.now().getEpochSecond());
        String old = Long.toString(Instant.now().minus(Duration.ofMinutes(6)).getEpochSecond());

        assertThat(post(body, Map.of()).statusCode()).isEqualTo(401);
        assertThat(post(body, Map.of(SlackSignature.TIMESTAMP_HEADER, now)).statusCode()).isEqualTo(401);
        assertThat(post(body, Map.of(SlackSignature.TIMESTAMP_HEADER, now,
                SlackSignature.SIGNATURE_HEADER, new SlackSignature("not the secret", Clock.systemUTC())
                        .sign(now, bytes(body)))).statusCode()).isEqualTo(401);
        HttpResponse<String> replayed = post(body, Map.of(SlackSignature.TIMESTAMP_HEADER, old,
                SlackSignature.SIGNATURE_HEADER, slackSide.sign(old, bytes(body))));
        assertThat(replayed.statusCode()).isEqualTo(401);
        assertThat(replayed.body()).contains("UNAUTHORIZED").contains("Slack signature");
        String signedOtherBody = slackSide.sign(now, bytes(body.replace("401", "402")));
        assertThat(post(body, Map.of(SlackSignature.TIMESTAMP_HEADER, now, SlackSignature.SIGNATURE_HEADER, signedOtherBody))
                .statusCode()).isEqualTo(401);

        // a signed message after them is answered; none of the refused ones ran before or beside it
        assertThat(signedPost(message("U0BAD", "C0BAD", "help").toString()).statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).until(() -> !postsTo("C0BAD").isEmpty());
        assertThat(postsTo("C0BAD")).hasSize(1);
        assertThat(Files.readString(stateDir.resolve("audit.jsonl"))).doesNotContain("select 401");
    }

    @Test
    void theUrlCheckIsAnsweredWithItsChallenge() throws Exception {
        ObjectNode check = JSON.createObjectNode().put("token", "legacy").put("type", "url_verification")
                .put("challenge", "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P");
        HttpResponse<String> answer = signedPost(check.toString());
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(answer.body()).path("challenge").asText())
                .isEqualTo("3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P");
    }

    @Test
    void anExplainIsAnsweredInTheThreadWithThePlanAndTheFlameGraph() throws Exception {
        ObjectNode event = message("U0ALICE", "C0PERF", "<@U0JOE> explain select 1");
        String ts = event.path("event").path("ts").asText();
        HttpResponse<String> received = signedPost(event.toString());
        // Slack has its 200 before the command is done: the first command of a session makes a clone
        assertThat(received.statusCode()).isEqualTo(200);
        assertThat(postsTo("C0PERF")).isEmpty();

        await().atMost(Duration.ofMinutes(2)).until(() -> slack.calls("/api/files.completeUploadExternal").stream()
                .anyMatch(c -> "C0PERF".equals(c.arg("channel_id"))));
        FakeSlackWebApi.Call post = postsTo("C0PERF").get(0);
        assertThat(post.authorization()).isEqualTo("Bearer " + BOT_TOKEN);
        assertThat(post.arg("thread_ts")).isEqualTo(ts);
        assertThat(post.arg("text")).startsWith("```\n").contains("Result  (cost=").contains("Execution Time")
                .endsWith("\n```");
        FakeSlackWebApi.Call upload = slack.calls("/upload/F0001").get(0);
        assertThat(upload.authorization()).as("the bot token goes to the Web API only").isNull();
        assertThat(new String(upload.body(), StandardCharsets.UTF_8)).startsWith("<svg").contains("Result");
        FakeSlackWebApi.Call shared = slack.calls("/api/files.completeUploadExternal").get(0);
        assertThat(shared.arg("thread_ts")).isEqualTo(ts);
        assertThat(JSON.readTree(shared.arg("files")).get(0).path("id").asText()).isEqualTo("F0001");
        assertThat(joe.sessions().find(new io.dblab.joe.session.SessionKey("U0ALICE", "C0PERF"))).isPresent();
    }

    @Test
    void retriesMentionsOfTheSameMessageAndBotsMessagesRunNothing() throws Exception {
        ObjectNode event = message("U0BOB", "C0RETRY", "help");
        assertThat(signedPost(event.toString()).statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).until(() -> postsTo("C0RETRY").size() == 1);

        // Slack's retry of the same event, and the app_mention of the same message
        assertThat(signedPost(event.toString(), Map.of("X-Slack-Retry-Num", "1", "X-Slack-Retry-Reason", "http_timeout"))
                .statusCode()).isEqualTo(200);
        ObjectNode mention = event.deepCopy();
        ((ObjectNode) mention.get("event")).put("type", "app_mention");
        mention.put("event_id", "Ev-mention");
        assertThat(signedPost(mention.toString()).statusCode()).isEqualTo(200);
        // Joe's own answer, as Slack sends it back to the channel, and an edit
        ObjectNode own = message("U0JOE", "C0RETRY", "explain select 2");
        ((ObjectNode) own.get("event")).put("bot_id", "B0JOE");
        assertThat(signedPost(own.toString()).statusCode()).isEqualTo(200);
        ObjectNode edit = message("U0BOB", "C0RETRY", "explain select 3");
        ((ObjectNode) edit.get("event")).put("subtype", "message_changed");
        assertThat(signedPost(edit.toString()).statusCode()).isEqualTo(200);

        // a new message in the channel is answered; none of the above was
        assertThat(signedPost(message("U0BOB", "C0RETRY", "hypo list").toString()).statusCode()).isEqualTo(200);
        await().atMost(Duration.ofMinutes(2)).until(() -> postsTo("C0RETRY").size() >= 2);
        assertThat(postsTo("C0RETRY")).hasSize(2);
        String audit = Files.readString(stateDir.resolve("audit.jsonl"));
        assertThat(audit).doesNotContain("select 2").doesNotContain("select 3");
        assertThat(audit.lines().filter(line -> line.contains("\"C0RETRY\"") && line.contains("\"help\""))).hasSize(1);
    }

    private List<FakeSlackWebApi.Call> postsTo(String channel) {
        return slack.calls("/api/chat.postMessage").stream().filter(c -> channel.equals(c.arg("channel"))).toList();
    }

    /** An {@code event_callback} with a {@code message} event, as Slack sends one, with a new ts each time. */
    private ObjectNode message(String user, String channel, String text) {
        int n = messages.incrementAndGet();
        ObjectNode body = JSON.createObjectNode().put("token", "legacy").put("team_id", "T0TEAM").put("api_app_id", "A0JOE")
                .put("type", "event_callback").put("event_id", "Ev" + n).put("event_time", Instant.now().getEpochSecond());
        body.putObject("event").put("type", "message").put("channel", channel).put("user", user).put("text", text)
                .put("ts", "1700000100." + String.format("%06d", n)).put("channel_type", "channel");
        return body;
    }

    private HttpResponse<String> signedPost(String body) throws IOException, InterruptedException {
        return signedPost(body, Map.of());
    }

    private HttpResponse<String> signedPost(String body, Map<String, String> moreHeaders) throws IOException, InterruptedException {
        String now = Long.toString(Instant.now().getEpochSecond());
        Map<String, String> headers = new java.util.HashMap<>(moreHeaders);
        headers.put(SlackSignature.TIMESTAMP_HEADER, now);
        headers.put(SlackSignature.SIGNATURE_HEADER, slackSide.sign(now, bytes(body)));
        return post(body, headers);
    }

    private HttpResponse<String> post(String body, Map<String, String> headers) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + joe.port() + SlackEvents.PATH))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static byte[] bytes(String body) {
        return body.getBytes(StandardCharsets.UTF_8);
    }
}
