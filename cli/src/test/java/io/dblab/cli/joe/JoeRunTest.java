package io.dblab.cli.joe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dblab.cli.CliRun;
import io.dblab.engine.EngineFixture;
import io.dblab.testkit.FreePorts;
import io.dblab.testkit.TempDirs;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** {@code dblab joe run} with flags and with a joe.yml, against a real engine; and the ways it refuses to start. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JoeRunTest {
    static final String JOE_TOKEN = "cli-joe-token-6a0f9e";
    EngineFixture engine;
    Path base;

    @BeforeAll
    void start() throws Exception {
        engine = EngineFixture.start(EngineFixture.Setup.logical(19440, 19444));
        base = Files.createTempDirectory("dblab-joe-run-");
    }

    @AfterAll
    void stop() {
        try {
            if (engine != null) {
                engine.close();
            }
        } finally {
            if (base != null) {
                TempDirs.deleteRecursively(base);
            }
        }
    }

    private Map<String, String> env() {
        return Map.of("DBLAB_TOKEN", EngineFixture.TOKEN, "JOE_TOKEN", JOE_TOKEN, "JOE_SESSION_KEY", "cli-session-key");
    }

    /** Runs Joe in a thread until it answers on {@code port}; then a command; then stops it as an interrupt would. */
    private void runAndUse(int port, String... args) throws Exception {
        AtomicReference<CliRun> result = new AtomicReference<>();
        Thread joe = new Thread(() -> result.set(CliRun.of(env(), args)), "joe-run-test");
        joe.start();
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest help = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/commands"))
                .header("Authorization", "Bearer " + JOE_TOKEN)
                .POST(HttpRequest.BodyPublishers.ofString("{\"user\":\"u\",\"channel\":\"c\",\"text\":\"plan select 1\"}")).build();
        try {
            HttpResponse<String> answer = await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> {
                if (!joe.isAlive()) {
                    throw new AssertionError("joe run ended: " + result.get().err());
                }
                return http.send(help, HttpResponse.BodyHandlers.ofString());
            }, r -> r.statusCode() == 200);
            assertThat(answer.body()).contains("\"ok\":true").contains("Result");
        } finally {
            joe.interrupt();
            joe.join(60_000);
        }
        assertThat(result.get().exitCode()).as(result.get().err()).isZero();
        assertThat(result.get().out()).contains("Joe is running, API on 127.0.0.1:" + port);
    }

    @Test
    void runsFromFlagsWithTokensFromTheEnvironment() throws Exception {
        int port = FreePorts.next();
        Path state = base.resolve("flags");
        runAndUse(port, "joe", "run", "--engine", "http://127.0.0.1:" + engine.apiPort(), "--db", "postgres",
                "--port", Integer.toString(port), "--state-dir", state.toString());
        assertThat(state.resolve("joe.log")).exists();
        assertThat(state.resolve("audit.jsonl")).content().contains("plan select 1");
    }

    @Test
    void runsFromAConfigFile() throws Exception {
        int port = FreePorts.next();
        Path config = base.resolve("joe.yml");
        Files.writeString(config, """
                server:
                  port: %d
                  token: ${JOE_TOKEN}
                engines:
                  - name: main
                    url: http://127.0.0.1:%d
                    token: ${DBLAB_TOKEN}
                channels:
                  - {name: "*", engine: main, database: postgres}
                sessions:
                  key: ${JOE_SESSION_KEY}
                stateDir: %s
                """.formatted(port, engine.apiPort(), base.resolve("file-state")));
        runAndUse(port, "joe", "run", "--config", config.toString());
    }

    @Test
    void refusesToStartWithAClearOneLineError() throws Exception {
        CliRun neither = CliRun.of(env(), "joe", "run");
        assertThat(neither.exitCode()).isEqualTo(2);
        assertThat(neither.err()).contains("give --config joe.yml, or --engine URL and --db NAME");

        Path config = base.resolve("bad.yml");
        Files.writeString(config, "server: {token: x, prot: 1}\n");
        CliRun unknownKey = CliRun.of(env(), "joe", "run", "--config", config.toString());
        assertThat(unknownKey.exitCode()).isEqualTo(1);
        assertThat(unknownKey.err().strip()).isEqualTo("Error: unknown key 'server.prot' in bad.yml");

        CliRun noToken = CliRun.of(Map.of("DBLAB_TOKEN", "t"), "joe", "run", "--engine", "http://127.0.0.1:1", "--db", "x",
                "--state-dir", base.resolve("no-token").toString());
        assertThat(noToken.exitCode()).isEqualTo(1);
        assertThat(noToken.err()).startsWith("Error: the command line: server.token must be set");
    }
}
