package io.dblab.joe.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dblab.client.model.Clone;
import io.dblab.engine.EngineFixture;
import io.dblab.joe.Joe;
import io.dblab.joe.testing.JoeFixture;
import io.dblab.joe.testing.JoeHttp;
import io.dblab.joe.testing.TestClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Twenty people sending commands at once, each first changing their own clone in a way only they could
 * have (a table named for them with a number of rows that is theirs), then asking about it: each gets
 * their own clone and only their own answers, and every session is cleaned up afterwards.
 */
class ConcurrentUsersTest {
    private static final int USERS = 20;
    private static final Pattern ANY_USERS_TABLE = Pattern.compile("mine_u\\d\\d");
    EngineFixture engine;
    Path stateDir;
    Joe joe;
    final TestClock clock = new TestClock(Instant.now());

    @BeforeEach
    void start() throws Exception {
        // 25 ports: twenty clones and room to spare
        engine = EngineFixture.start(EngineFixture.Setup.logical(19600, 19624));
        stateDir = Files.createTempDirectory("joe-concurrent-");
        joe = Joe.start(JoeFixture.config(engine, stateDir), clock);
    }

    @AfterEach
    void stop() throws Exception {
        JoeFixture.stopAll(joe, null, engine, stateDir);
    }

    /** What one person saw. */
    record Seen(String user, JoeHttp.Reply exec, JoeHttp.Reply insert, JoeHttp.Reply explain, JoeHttp.Reply tables) {}

    @Test
    void twentyUsersAtOnceEachGetTheirOwnCloneAndTheirOwnAnswers() throws Exception {
        JoeHttp http = new JoeHttp(joe.port(), JoeFixture.TOKEN);
        CyclicBarrier together = new CyclicBarrier(USERS);
        ExecutorService people = Executors.newFixedThreadPool(USERS);
        List<Future<Seen>> futures = new ArrayList<>();
        try {
            for (int i = 0; i < USERS; i++) {
                String user = String.format("u%02d", i);
                int rows = 100 + i;
                futures.add(people.submit(() -> {
                    together.await(); // the first commands, which make the clones, all at once
                    JoeHttp.Reply exec = http.command(user, "team", "exec create table mine_" + user + " (id int)");
                    JoeHttp.Reply insert = http.command(user, "team", "exec insert into mine_" + user
                            + " select generate_series(1, " + rows + ")");
                    together.await(); // and the questions about them, all at once again
                    JoeHttp.Reply explain = http.command(user, "team", "explain select * from mine_" + user);
                    JoeHttp.Reply tables = http.command(user, "team", "\\dt");
                    return new Seen(user, exec, insert, explain, tables);
                }));
            }
            for (int i = 0; i < USERS; i++) {
                Seen seen = futures.get(i).get(10, TimeUnit.MINUTES);
                String table = "mine_" + seen.user();
                int rows = 100 + i;
                for (JoeHttp.Reply reply : List.of(seen.exec(), seen.insert(), seen.explain(), seen.tables())) {
                    assertThat(reply.status()).as(seen.user() + ": " + reply.body()).isEqualTo(200);
                    assertThat(reply.ok()).as(seen.user() + ": " + reply.body()).isTrue();
                }
                assertThat(seen.insert().text()).contains("rows affected: " + rows);
                assertThat(seen.explain().json().path("plan").path("text").asText())
                        .contains("Seq Scan on public." + table).contains("rows=" + rows + " loops=1");
                assertThat(usersTables(seen.explain().body())).as(seen.user() + "'s plan").containsExactly(table);
                assertThat(seen.tables().text()).contains("customers").contains("orders");
                assertThat(usersTables(seen.tables().text())).as(seen.user() + "'s \\dt").containsExactly(table);
            }
        } finally {
            people.shutdownNow();
        }

        Map<String, String> cloneOfUser = new java.util.HashMap<>();
        for (int i = 0; i < USERS; i++) {
            String user = String.format("u%02d", i);
            cloneOfUser.put(user, joe.sessions().find(new SessionKey(user, "team")).orElseThrow().cloneId());
        }
        Set<String> joesClones = engine.client().clones().stream().map(Clone::id).filter(id -> id.startsWith("joe-"))
                .collect(Collectors.toSet());
        assertThat(joesClones).as("the engine's clones").hasSize(USERS).isEqualTo(Set.copyOf(cloneOfUser.values()));
        assertThat(engine.client().clones()).allSatisfy(c -> assertThat(c.status().code()).isEqualTo("OK"));
        assertThat(new ObjectMapper().readTree(stateDir.resolve("sessions.json").toFile()))
                .as("every session in the sessions file, for a restart").hasSize(USERS);

        // an hour later every session is idle: the sweep closes them and destroys their clones
        clock.advance(Duration.ofHours(1));
        joe.sessions().sweepIdle();
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200))
                .until(() -> engine.client().clones().isEmpty());
        assertThat(new ObjectMapper().readTree(stateDir.resolve("sessions.json").toFile())).isEmpty();
        for (String user : cloneOfUser.keySet()) {
            assertThat(joe.sessions().find(new SessionKey(user, "team"))).isEmpty();
        }
    }

    /** The people's tables an answer names: only the asker's may appear. */
    private static Set<String> usersTables(String text) {
        Set<String> found = new TreeSet<>();
        Matcher m = ANY_USERS_TABLE.matcher(text);
        while (m.find()) {
            found.add(m.group());
        }
        return found;
    }
}
