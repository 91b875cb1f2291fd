package io.dblab.joe.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dblab.joe.Joe;
import io.dblab.joe.config.JoeConfig;
import io.dblab.joe.testing.JoeFixture;
import io.dblab.joe.testing.JoeHttp;
import io.dblab.joe.testing.TestClock;
import io.dblab.testkit.FreePorts;
import io.dblab.testkit.TempDirs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * History and the audit log through a real Joe server on loopback: kept per person and channel, cleared
 * per channel, per person or entirely, expired after the retention, turned off; the audit log says who ran
 * which command when. The commands need no clone ({@code help}, text that is no command) or fail for want
 * of an engine, which nothing here needs: history and audit are Joe's own.
 */
class HistoryAndAuditTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant START = Instant.parse("2026-03-01T09:00:00Z");
    private Path stateDir;
    private final List<Joe> joes = new ArrayList<>();

    @BeforeEach
    void stateDir() throws Exception {
        stateDir = Files.createTempDirectory("joe-history-");
    }

    @AfterEach
    void stop() {
        try {
            joes.forEach(Joe::close);
        } finally {
            TempDirs.deleteRecursively(stateDir);
        }
    }

    private JoeHttp start(JoeConfig.History history, JoeConfig.Audit audit, Clock clock) {
        // no engine listens there: a command that needs a clone answers 503, and is recorded all the same
        JoeConfig config = JoeFixture.withRecords(JoeFixture.config("http://127.0.0.1:" + FreePorts.next(), stateDir,
                new JoeConfig.Sessions(null, null, JoeFixture.SESSION_KEY), null, false), history, audit);
        Joe joe = Joe.start(config, clock);
        joes.add(joe);
        return new JoeHttp(joe.port(), JoeFixture.TOKEN);
    }

    private static List<String> typed(JoeHttp joe, String user, String channel) {
        List<String> typed = new ArrayList<>();
        joe.get("/api/history" + JoeHttp.query(user, channel)).json().path("entries")
                .forEach(e -> typed.add(e.path("typed").asText()));
        return typed;
    }

    private static int deleted(JoeHttp joe, String query) {
        JoeHttp.Reply reply = joe.send("DELETE", "/api/history" + query, null, JoeFixture.TOKEN);
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return reply.json().path("deleted").asInt();
    }

    private List<JsonNode> lines(String file) throws Exception {
        Path path = stateDir.resolve(file);
        List<JsonNode> lines = new ArrayList<>();
        if (Files.exists(path)) {
            for (String line : Files.readAllLines(path)) {
                lines.add(JSON.readTree(line));
            }
        }
        return lines;
    }

    @Test
    void historyIsKeptPerPersonAndChannelAndClearedPerChannelPerPersonOrEntirely() throws Exception {
        JoeHttp joe = start(null, null, Clock.systemUTC());
        joe.command("ann", "c1", "help");
        joe.command("ann", "c1", "select 1");
        joe.command("ann", "c2", "help");
        joe.command("bob", "c1", "help");
        assertThat(typed(joe, "ann", "c1")).containsExactly("help", "select 1");
        assertThat(typed(joe, "bob", "c1")).containsExactly("help");

        assertThat(deleted(joe, JoeHttp.query("ann", "c1"))).isEqualTo(2);
        assertThat(typed(joe, "ann", "c1")).isEmpty();
        assertThat(typed(joe, "ann", "c2")).containsExactly("help");
        joe.command("ann", "c1", "help");
        assertThat(deleted(joe, "?user=ann")).as("all of ann's channels").isEqualTo(2);
        assertThat(typed(joe, "ann", "c2")).isEmpty();
        assertThat(typed(joe, "bob", "c1")).containsExactly("help");

        assertThat(joe.send("DELETE", "/api/history?all=yes", null, JoeFixture.TOKEN).status()).isEqualTo(400);
        assertThat(joe.send("DELETE", "/api/history?all=true&user=bob", null, JoeFixture.TOKEN).status()).isEqualTo(400);
        JoeHttp.Reply nobody = joe.send("DELETE", "/api/history", null, JoeFixture.TOKEN);
        assertThat(nobody.status()).isEqualTo(400);
        assertThat(nobody.json().path("message").asText()).contains("'user' is required").contains("all=true");
        assertThat(joe.send("DELETE", "/api/history?all=true", null, "wrong").status()).isEqualTo(401);
        assertThat(typed(joe, "bob", "c1")).as("refused requests delete nothing").containsExactly("help");

        joe.command("cat", "c3", "help");
        assertThat(deleted(joe, "?all=true")).isEqualTo(2);
        assertThat(typed(joe, "bob", "c1")).isEmpty();
        assertThat(typed(joe, "cat", "c3")).isEmpty();
        assertThat(lines("history.jsonl")).isEmpty();
    }

    @Test
    void entriesExpireAfterTheRetention() throws Exception {
        TestClock clock = new TestClock(START);
        JoeHttp joe = start(new JoeConfig.History(true, "1h"), null, clock);
        joe.command("ann", "c", "help");
        clock.advance(Duration.ofMinutes(30));
        joe.command("ann", "c", "select 1");
        joe.command("bob", "c", "help");
        clock.advance(Duration.ofMinutes(31));
        assertThat(typed(joe, "ann", "c")).containsExactly("select 1");
        assertThat(lines("history.jsonl")).as("the expired entry is gone from the file too")
                .extracting(e -> e.path("typed").asText()).containsExactly("select 1", "help");
        clock.advance(Duration.ofMinutes(30));
        assertThat(typed(joe, "ann", "c")).isEmpty();
        assertThat(lines("history.jsonl")).isEmpty();
    }

    @Test
    void expiredEntriesAreDeletedAlsoWhenNoOneReadsThem() throws Exception {
        JoeHttp joe = start(new JoeConfig.History(true, "3s"), null, Clock.systemUTC());
        joe.command("ann", "c", "help");
        assertThat(lines("history.jsonl")).hasSize(1);
        // only the background sweep reads the file here: the API is not asked
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> lines("history.jsonl").isEmpty());
        assertThat(lines("audit.jsonl")).as("the audit log has no retention of its own").hasSize(1);
    }

    @Test
    void historyCanBeTurnedOff() throws Exception {
        JoeHttp joe = start(new JoeConfig.History(false, null), null, Clock.systemUTC());
        assertThat(joe.command("ann", "c", "help").ok()).isTrue();
        JoeHttp.Reply read = joe.get("/api/history" + JoeHttp.query("ann", "c"));
        assertThat(read.status()).isEqualTo(404);
        assertThat(read.json().path("message").asText()).contains("history is turned off");
        assertThat(joe.send("DELETE", "/api/history?all=true", null, JoeFixture.TOKEN).status()).isEqualTo(404);
        assertThat(stateDir.resolve("history.jsonl")).doesNotExist();
        assertThat(lines("audit.jsonl")).as("the audit log is a switch of its own").hasSize(1);
    }

    @Test
    void theAuditLogRecordsWhoRanWhichCommandWhen() throws Exception {
        TestClock clock = new TestClock(START);
        JoeHttp joe = start(null, null, clock);
        joe.command("ann", "perf", "help");
        clock.advance(Duration.ofSeconds(90));
        joe.command("bob", "ops", "plan select 1");
        joe.command("bob", "ops", "vacuum everything");
        List<JsonNode> audit = lines("audit.jsonl");
        assertThat(audit).hasSize(3);
        assertThat(audit).extracting(e -> e.path("time").asText())
                .containsExactly("2026-03-01T09:00:00Z", "2026-03-01T09:01:30Z", "2026-03-01T09:01:30Z");
        assertThat(audit).extracting(e -> e.path("user").asText() + "/" + e.path("channel").asText())
                .containsExactly("ann/perf", "bob/ops", "bob/ops");
        assertThat(audit).extracting(e -> e.path("command").asText()).containsExactly("help", "plan", "vacuum");
        assertThat(audit).extracting(e -> e.path("typed").asText())
                .containsExactly("help", "plan select 1", "vacuum everything");
        assertThat(audit).extracting(e -> e.path("outcome").asText()).containsExactly("OK", "UNAVAILABLE", "FAILED");
        assertThat(audit).allSatisfy(e -> assertThat(e.path("durationMs").isIntegralNumber()).isTrue());
        assertThat(audit).as("no answer text in the audit log").allSatisfy(e -> assertThat(e.has("text")).isFalse());
    }

    @Test
    void theAuditLogCanBeTurnedOffAndWrittenElsewhere() throws Exception {
        JoeHttp off = start(null, new JoeConfig.Audit(false, null), Clock.systemUTC());
        off.command("ann", "c", "help");
        assertThat(stateDir.resolve("audit.jsonl")).doesNotExist();
        assertThat(typed(off, "ann", "c")).containsExactly("help");
        joes.remove(0).close();

        JoeHttp elsewhere = start(null, new JoeConfig.Audit(true, "logs/joe-audit.jsonl"), Clock.systemUTC());
        elsewhere.command("ann", "c", "help");
        assertThat(lines("logs/joe-audit.jsonl")).hasSize(1);
    }
}
