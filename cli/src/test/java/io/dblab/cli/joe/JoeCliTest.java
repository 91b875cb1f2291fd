package io.dblab.cli.joe;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dblab.cli.CliRun;
import io.dblab.engine.EngineFixture;
import io.dblab.joe.Joe;
import io.dblab.joe.config.JoeConfigLoader;
import io.dblab.joe.session.SessionKey;
import io.dblab.testkit.FreePorts;
import io.dblab.testkit.TempDirs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** {@code dblab joe explain|plan|exec|…|send} against a real Joe on a real engine, and the ways they fail. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JoeCliTest {
    private static final String TOKEN = "cli-joe-client-token-31c8";
    EngineFixture engine;
    Path stateDir;
    Joe joe;
    String url;

    @BeforeAll
    void start() throws Exception {
        engine = EngineFixture.start(EngineFixture.Setup.logical(19486, 19490));
        stateDir = Files.createTempDirectory("dblab-joe-cli-");
        joe = Joe.start(JoeConfigLoader.fromFlags("http://127.0.0.1:" + engine.apiPort(), "postgres", FreePorts.next(),
                stateDir.toString(), Map.of("DBLAB_TOKEN", EngineFixture.TOKEN, "JOE_TOKEN", TOKEN)));
        url = "http://127.0.0.1:" + joe.port();
    }

    @AfterAll
    void stop() throws Exception {
        // closed in reverse order, each even when one before it fails; a null (never started) is skipped
        try (EngineFixture e = engine; AutoCloseable files = () -> TempDirs.deleteRecursively(stateDir); Joe j = joe) {
            // only closing
        }
    }

    private CliRun joe(String... args) {
        return CliRun.of(Map.of("JOE_URL", url, "JOE_TOKEN", TOKEN), args);
    }

    @Test
    void explainPrintsThePlanForTheOsUserInChannelCli() {
        CliRun explain = joe("joe", "explain", "select count(*) from orders where total > 500");
        assertThat(explain.exitCode()).as(explain.err()).isZero();
        assertThat(explain.out()).contains("Aggregate").contains("Seq Scan on public.orders").contains("Execution Time");
        assertThat(joe.sessions().find(new SessionKey(System.getProperty("user.name"), "cli"))).isPresent();
    }

    @Test
    void jsonPrintsJoesWholeAnswer() throws Exception {
        CliRun plan = joe("joe", "plan", "--json", "--user", "carol", "--channel", "perf", "select * from orders");
        assertThat(plan.exitCode()).as(plan.err()).isZero();
        JsonNode answer = new ObjectMapper().readTree(plan.out());
        assertThat(answer.path("ok").asBoolean()).isTrue();
        assertThat(answer.path("command").asText()).isEqualTo("plan");
        assertThat(answer.path("plan").path("text").asText()).contains("Seq Scan on public.orders");
        assertThat(answer.path("flameGraph").asText()).startsWith("/api/flamegraphs/");
        assertThat(joe.sessions().find(new SessionKey("carol", "perf"))).isPresent();
    }

    @Test
    void execResetHypoHelpAndAnyTextWithSend() {
        CliRun exec = joe("joe", "exec", "--user", "dave", "create index orders_total_idx on orders (total)");
        assertThat(exec.exitCode()).as(exec.out() + exec.err()).isZero();
        assertThat(joe("joe", "send", "--user", "dave", "\\d+ orders").out()).contains("orders_total_idx");
        assertThat(joe("joe", "reset", "--user", "dave").exitCode()).isZero();
        assertThat(joe("joe", "send", "--user", "dave", "\\d+ orders").out()).doesNotContain("orders_total_idx");
        assertThat(joe("joe", "hypo", "--user", "dave", "list").exitCode()).isZero();
        assertThat(joe("joe", "activity", "--user", "dave").exitCode()).isZero();
        assertThat(joe("joe", "help").out()).contains("explain <sql>");
    }

    @Test
    void aFailedCommandPrintsJoesAnswerAndExits1() {
        CliRun failed = joe("joe", "exec", "--user", "erin", "insert into no_such_table values (1)");
        assertThat(failed.exitCode()).isEqualTo(1);
        assertThat(failed.out()).contains("no_such_table").contains("does not exist");
        CliRun terminate = joe("joe", "terminate", "--user", "erin", "1");
        assertThat(terminate.exitCode()).isEqualTo(1);
    }

    @Test
    void noTokenAWrongTokenOrNoJoeIsOneLineAndExit1() {
        CliRun noToken = CliRun.of(Map.of("JOE_URL", url), "joe", "explain", "select 1");
        assertThat(noToken.exitCode()).isEqualTo(1);
        assertThat(noToken.err().strip()).isEqualTo("Error: JOE_TOKEN is not set: export JOE_TOKEN=<Joe's API token>"
                + " (the CLI reads it only from the environment, so that ps does not show it)");

        CliRun wrongToken = CliRun.of(Map.of("JOE_URL", url, "JOE_TOKEN", "not-it"), "joe", "explain", "select 1");
        assertThat(wrongToken.exitCode()).isEqualTo(1);
        assertThat(wrongToken.err().strip()).isEqualTo("Error: Joe at " + url + " refused the token: set JOE_TOKEN"
                + " to Joe's API token (server.token of its joe.yml, or the JOE_TOKEN it was started with)")
                .doesNotContain("not-it");

        String nowhere = "http://127.0.0.1:" + FreePorts.next();
        CliRun refused = CliRun.of(Map.of("JOE_TOKEN", TOKEN), "joe", "plan", "--joe", nowhere, "select 1");
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.err().lines()).hasSize(1);
        assertThat(refused.err()).startsWith("Error: cannot reach Joe at " + nowhere + ": connection refused");

        CliRun notAnAddress = CliRun.of(Map.of("JOE_TOKEN", TOKEN), "joe", "plan", "--joe", "127.0.0.1:2400", "select 1");
        assertThat(notAnAddress.exitCode()).isEqualTo(1);
        assertThat(notAnAddress.err()).contains("Joe's address must be http://HOST:PORT");
    }

    @Test
    void theDefaultAddressIsLoopbackPort2400AndTheTokenIsNoOption() {
        assertThat(JoeTarget.DEFAULT_URL).isEqualTo("http://127.0.0.1:2400");
        assertThat(CliRun.of(Map.of(), "joe", "--help").out()).contains("run", "explain", "plan", "exec", "reset", "hypo",
                "activity", "terminate", "help", "send", "JOE_TOKEN");
        CliRun usage = CliRun.of(Map.of(), "joe", "explain", "--help");
        assertThat(usage.out()).contains("--joe=URL").contains("--user=NAME").contains("--channel=NAME").contains("--json")
                .contains("SQL...");
        CliRun missing = CliRun.of(Map.of("JOE_TOKEN", TOKEN, "JOE_URL", url), "joe", "explain");
        assertThat(missing.exitCode()).as(missing.err()).isEqualTo(2);
        assertThat(missing.err()).contains("Missing required parameter: 'SQL'");
    }
}
