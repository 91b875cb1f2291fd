package io.dblab.joe.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dblab.client.CloneWaiter;
import io.dblab.client.model.ResetRequest;
import io.dblab.client.model.Status;
import io.dblab.engine.EngineFixture;
import io.dblab.joe.Joe;
import io.dblab.joe.config.JoeConfig;
import io.dblab.joe.testing.JoeFixture;
import io.dblab.joe.testing.JoeHttp;
import io.dblab.testkit.TempDirs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Sessions over time with a real engine: the quota, the statement timeout, idle sessions closed,
 * sessions kept across a restart of Joe, and clones that vanish or are reset behind Joe's back.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SessionLifecycleTest {
    EngineFixture engine;
    final List<Path> stateDirs = new ArrayList<>();
    final List<Joe> joes = new ArrayList<>();

    @BeforeAll
    void start() {
        engine = EngineFixture.start(EngineFixture.Setup.logical(19430, 19439));
    }

    @AfterEach
    void closeJoes() {
        joes.forEach(Joe::close);
        joes.clear();
    }

    @AfterAll
    void stop() {
        try {
            if (engine != null) {
                engine.close();
            }
        } finally {
            stateDirs.forEach(TempDirs::deleteRecursively);
        }
    }

    private Path stateDir() throws Exception {
        Path dir = Files.createTempDirectory("joe-lifecycle-");
        stateDirs.add(dir);
        return dir;
    }

    private JoeHttp start(JoeConfig config) {
        Joe joe = Joe.start(config);
        joes.add(joe);
        return new JoeHttp(joe.port(), JoeFixture.TOKEN);
    }

    private String cloneOf(Path stateDir, String user) throws Exception {
        JsonNode sessions = new ObjectMapper().readTree(stateDir.resolve("sessions.json").toFile());
        for (JsonNode s : sessions) {
            if (s.path("user").asText().equals(user)) {
                return s.path("cloneId").asText();
            }
        }
        throw new AssertionError("no session of " + user + " in " + sessions);
    }

    @Test
    void theQuotaCountsEachPersonsCommands() throws Exception {
        JoeHttp joe = start(JoeFixture.config(engine, stateDir(), new JoeConfig.Sessions(null, null, JoeFixture.SESSION_KEY),
                new JoeConfig.Limits(null, new JoeConfig.Quota(2, "1m")), false));
        assertThat(joe.command("quota", "c", "help").ok()).isTrue();
        assertThat(joe.command("quota", "c", "help").ok()).isTrue();
        JoeHttp.Reply third = joe.command("quota", "c", "help");
        assertThat(third.status()).isEqualTo(429);
        assertThat(third.json().path("outcome").asText()).isEqualTo("refused");
        assertThat(third.text()).contains("quota exceeded: at most 2 commands per 60 s");
        assertThat(joe.command("other", "c", "help").ok()).isTrue();
    }

    @Test
    void aStatementLongerThanTheTimeoutEndsWithAClearMessageAndTheCloneStaysUsable() throws Exception {
        JoeHttp joe = start(JoeFixture.config(engine, stateDir(), new JoeConfig.Sessions(null, null, JoeFixture.SESSION_KEY),
                new JoeConfig.Limits("1s", null), false));
        JoeHttp.Reply explain = joe.command("slow", "c", "explain select pg_sleep(5)");
        assertThat(explain.ok()).isFalse();
        assertThat(explain.text()).contains("statement timeout (1 s)").contains("Your clone is usable");
        JoeHttp.Reply exec = joe.command("slow", "c", "exec select pg_sleep(5)");
        assertThat(exec.text()).contains("statement timeout (1 s)");
        JoeHttp.Reply concurrently = joe.command("slow", "c", "exec vacuum (analyze) orders");
        assertThat(concurrently.ok()).as("a statement that cannot run in a transaction runs alone: " + concurrently.body()).isTrue();
        assertThat(joe.command("slow", "c", "plan select 1").ok()).isTrue();
        assertThat(joe.command("slow", "c", "exec set statement_timeout = 0").ok()).isTrue();
        assertThat(joe.command("slow", "c", "explain select pg_sleep(5)").text())
                .as("a timeout the person turned off still applies").contains("statement timeout (1 s)");
        assertThat(joe.command("slow", "c", "exec select pg_sleep(5)").text()).contains("statement timeout (1 s)");
    }

    @Test
    void anIdleSessionIsClosedAndItsCloneDestroyed() throws Exception {
        Path state = stateDir();
        JoeHttp joe = start(JoeFixture.config(engine, state, new JoeConfig.Sessions("2s", null, JoeFixture.SESSION_KEY),
                null, false));
        assertThat(joe.command("idle", "c", "plan select 1").ok()).isTrue();
        String clone = cloneOf(state, "idle");
        assertThat(engine.client().findClone(clone)).isPresent();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> engine.client().findClone(clone).isEmpty());
        assertThat(Files.readString(state.resolve("sessions.json"))).doesNotContain(clone);
        JoeHttp.Reply again = joe.command("idle", "c", "plan select 1");
        assertThat(again.ok()).isTrue();
        assertThat(again.json().path("notes").toString()).contains("closed after 2s without commands");
        assertThat(cloneOf(state, "idle")).isNotEqualTo(clone);
    }

    @Test
    void aSessionSurvivesARestartOfJoeAndNoPasswordIsStored() throws Exception {
        Path state = stateDir();
        JoeConfig config = JoeFixture.config(engine, state);
        JoeHttp first = start(config);
        assertThat(first.command("rita", "c", "exec create table kept_across_restart (a int)").ok()).isTrue();
        String clone = cloneOf(state, "rita");
        closeJoes();

        JoeHttp second = start(config);
        JoeHttp.Reply dt = second.command("rita", "c", "\\dt kept*");
        assertThat(dt.text()).contains("kept_across_restart");
        assertThat(dt.json().path("notes").toString()).contains("Joe was restarted; your session continues on the same clone " + clone);
        assertThat(cloneOf(state, "rita")).isEqualTo(clone);

        JsonNode record = new ObjectMapper().readTree(state.resolve("sessions.json").toFile()).get(0);
        String password = ClonePasswords.of(JoeFixture.SESSION_KEY).password(clone, record.path("salt").asText());
        assertThat(Files.readString(state.resolve("sessions.json"))).doesNotContain(password);
    }

    @Test
    void withAnotherKeyASessionStartsAfreshAndItsOldCloneIsDestroyed() throws Exception {
        Path state = stateDir();
        JoeHttp first = start(JoeFixture.config(engine, state));
        assertThat(first.command("kim", "c", "plan select 1").ok()).isTrue();
        String clone = cloneOf(state, "kim");
        closeJoes();

        JoeHttp second = start(JoeFixture.config(engine, state, new JoeConfig.Sessions(null, null, "another-key-5d1c"), null, false));
        JoeHttp.Reply reply = second.command("kim", "c", "plan select 1");
        assertThat(reply.ok()).isTrue();
        assertThat(reply.json().path("notes").toString()).contains("could not be resumed").contains("session key");
        assertThat(engine.client().findClone(clone)).isEmpty();
        assertThat(cloneOf(state, "kim")).isNotEqualTo(clone);
    }

    @Test
    void aCloneDestroyedOrResetBehindJoesBackIsNoticedAndSaid() throws Exception {
        Path state = stateDir();
        JoeHttp joe = start(JoeFixture.config(engine, state));
        assertThat(joe.command("vic", "c", "exec create table made_in_session (a int)").ok()).isTrue();
        String clone = cloneOf(state, "vic");

        engine.client().resetClone(clone, new ResetRequest(null, null));
        new CloneWaiter(engine.client(), Duration.ofMinutes(2)).awaitStatusOtherThan(clone, Status.RESETTING);
        JoeHttp.Reply afterReset = joe.command("vic", "c", "\\dt made*");
        assertThat(afterReset.json().path("notes").toString()).contains("was reset outside Joe");
        assertThat(afterReset.text()).doesNotContain("made_in_session");
        assertThat(joe.command("vic", "c", "hypo list").ok()).as("the clone is prepared again").isTrue();

        engine.client().destroyClone(clone);
        new CloneWaiter(engine.client(), Duration.ofMinutes(2)).awaitGone(clone);
        JoeHttp.Reply afterDestroy = joe.command("vic", "c", "plan select 1");
        assertThat(afterDestroy.ok()).as(afterDestroy.body()).isTrue();
        assertThat(afterDestroy.json().path("notes").toString()).contains("no longer exists");
        assertThat(cloneOf(state, "vic")).isNotEqualTo(clone);
    }
}
