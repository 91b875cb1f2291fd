package io.dblab.cli.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.dblab.cli.CliRun;
import io.dblab.cli.NotAnEngineServer;
import io.dblab.cli.config.CliConfigFile;
import io.dblab.cli.config.ConnectionSettings;
import io.dblab.testkit.FreePorts;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How client commands report an engine that refuses them, or no engine at all. */
class EngineErrorsTest {
    private static final String PASSWORD = "correct-horse-battery-staple-42";

    @TempDir
    Path home;

    private NotAnEngineServer server;

    @BeforeEach
    void startServer() throws Exception {
        server = new NotAnEngineServer();
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    private Map<String, String> envFor(String url) {
        return Map.of(CliConfigFile.HOME_ENV, home.toString(), ConnectionSettings.URL_ENV, url);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "instance status", "instance version", "instance full-refresh",
        "snapshot list", "snapshot create --pool p1", "snapshot delete p1@snapshot_20260101000000 --force",
        "clone list", "clone status c1", "clone update c1 --protected true",
        "clone reset c1 --latest", "clone destroy c1 --async"
    })
    void anApiRefusalIsPrintedAsOneErrorLineWithExitCode1(String command) {
        CliRun run = CliRun.of(envFor(server.url()), command.split(" "));

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).startsWith("Error: " + server.url() + " refused the verification token: ")
                .hasLineCount(1);
        assertThat(run.out()).isEmpty();
        assertThat(server.received()).hasSize(1);
    }

    @Test
    void requestsGoToTheApiPathsOfTheReference() {
        Map<String, String> env = envFor(server.url());
        CliRun.of(env, "snapshot", "delete", "p1@snapshot_20260101000000", "--force");
        CliRun.of(env, "clone", "update", "c1", "--protected", "false");
        CliRun.of(env, "clone", "reset", "c1", "--snapshot-id", "p1@s1");
        CliRun.of(env, "clone", "update", "c1", "--protected");
        CliRun.of(env, "clone", "update", "--protected", "c1");
        CliRun.of(env, "snapshot", "update", "p1@s1", "--protected");

        assertThat(server.received()).extracting(r -> r.method() + " " + r.path() + " " + r.body())
                .containsExactly(
                        "DELETE /snapshot/p1%40snapshot_20260101000000 ",
                        "PATCH /clone/c1 {\"protected\":false}",
                        "POST /clone/c1/reset {\"snapshotID\":\"p1@s1\"}",
                        "PATCH /clone/c1 {\"protected\":true}",
                        "PATCH /clone/c1 {\"protected\":true}",
                        "PATCH /snapshot/p1%40s1 {\"protected\":true}");
    }

    @Test
    void aProtectionTimeIsSentAsTheReferenceCliSendsIt() {
        Map<String, String> env = new java.util.HashMap<>(envFor(server.url()));
        env.put("DBLAB_CLONE_PASSWORD", PASSWORD);
        CliRun.of(env, "clone", "update", "c1", "--protected", "2h");
        CliRun.of(env, "clone", "update", "-p", "0", "c1");
        CliRun.of(env, "clone", "update", "c1", "--protected=90M");
        CliRun.of(env, "snapshot", "update", "p1@s1", "--protected", "7d");
        CliRun.of(env, "branch", "--protected", "30", "dev");
        CliRun.of(env, "branch", "dev", "-p", "false");
        CliRun.of(env, "branch", "-p", "dev");
        CliRun.of(env, "clone", "create", "--username", "alice", "--id", "c2", "-p", "1d");

        assertThat(server.received()).extracting(r -> r.method() + " " + r.path() + " " + r.body().replaceAll(
                        "\"db\":\\{[^}]*}", "db"))
                .containsExactly(
                        "PATCH /clone/c1 {\"protected\":true,\"protectionDurationMinutes\":120}",
                        "PATCH /clone/c1 {\"protected\":true,\"protectionDurationMinutes\":0}",
                        "PATCH /clone/c1 {\"protected\":true,\"protectionDurationMinutes\":90}",
                        "PATCH /snapshot/p1%40s1 {\"protected\":true,\"protectionDurationMinutes\":10080}",
                        "PATCH /branch/dev {\"protected\":true,\"protectionDurationMinutes\":30}",
                        "PATCH /branch/dev {\"protected\":false}",
                        "PATCH /branch/dev {\"protected\":true}",
                        "POST /clone {\"id\":\"c2\",\"protected\":true,\"protectionDurationMinutes\":1440,db,"
                                + "\"branch\":\"main\"}");
    }

    @Test
    void clonePasswordMayComeFromTheEnvironmentAndIsNeverPrinted() {
        Map<String, String> env = new java.util.HashMap<>(envFor(server.url()));
        env.put("DBLAB_CLONE_PASSWORD", PASSWORD);

        CliRun run = CliRun.of(env, "clone", "create", "--username", "alice", "--id", "c1",
                "--restricted", "--extra-config", "work_mem=64MB");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out() + run.err()).doesNotContain(PASSWORD);
        assertThat(server.received()).singleElement().satisfies(request -> {
            assertThat(request.method() + " " + request.path()).isEqualTo("POST /clone");
            assertThat(request.body())
                    .contains("\"id\":\"c1\"")
                    .contains("\"username\":\"alice\"", "\"password\":\"" + PASSWORD + "\"", "\"restricted\":true")
                    .contains("\"extra_conf\":{\"work_mem\":\"64MB\"}");
        });
    }

    @Test
    void anUnreachableEngineIsAClearErrorWithExitCode1() {
        String url = "http://127.0.0.1:" + FreePorts.next();

        CliRun run = CliRun.of(envFor(url), "clone", "list");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("Error: cannot reach " + url
                + ": connection refused (is the engine running, on this host and port?)\n");
    }

    @Test
    void anUnknownHostIsNamedWithoutJavaClassNames() {
        CliRun run = CliRun.of(envFor("http://no-such-host.invalid:2345"), "clone", "list");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("Error: cannot reach http://no-such-host.invalid:2345: unknown host"
                + " 'no-such-host.invalid'\n");
    }

    @Test
    void anErrorWithoutABodySaysTheStatusAndWhatWasAsked() throws Exception {
        try (NotAnEngineServer proxy = new NotAnEngineServer(404, "")) {
            CliRun clone = CliRun.of(envFor(proxy.url()), "clone", "status", "x");
            CliRun snapshot = CliRun.of(envFor(proxy.url()), "snapshot", "delete", "p1@s 1");
            CliRun list = CliRun.of(envFor(proxy.url()), "clone", "list");

            assertThat(clone.err()).isEqualTo("Error: 404 Not Found: no clone 'x'\n");
            assertThat(snapshot.err()).isEqualTo("Error: 404 Not Found: no snapshot 'p1@s 1'\n");
            assertThat(list.err()).isEqualTo("Error: 404 Not Found: nothing at GET /clones\n");
        }
        try (NotAnEngineServer proxy = new NotAnEngineServer(502, "upstream engine is down\n")) {
            CliRun run = CliRun.of(envFor(proxy.url()), "snapshot", "list");

            assertThat(run.exitCode()).isEqualTo(1);
            assertThat(run.err()).isEqualTo("Error: 502 Bad Gateway: GET /snapshots (upstream engine is down)\n");
        }
    }

    @Test
    void aRefusedTokenSaysWhereItCameFromAndWhatToRun() {
        Map<String, String> saved = Map.of(CliConfigFile.HOME_ENV, home.toString());
        assertThat(CliRun.of(saved, "init", "--url", server.url(), "--token", "token-of-the-last-demo").exitCode())
                .isZero();

        CliRun fromFile = CliRun.of(saved, "clone", "list");
        CliRun fromFlag = CliRun.of(saved, "clone", "list", "--token", "typo");
        CliRun fromEnv = CliRun.of(Map.of(CliConfigFile.HOME_ENV, home.toString(),
                ConnectionSettings.TOKEN_ENV, "typo"), "clone", "list");
        CliRun none = CliRun.of(Map.of(CliConfigFile.HOME_ENV, home.resolve("never-initialised").toString(),
                ConnectionSettings.URL_ENV, server.url()), "clone", "list");

        assertThat(fromFile.err()).startsWith("Error: " + server.url() + " refused the verification token: ")
                .contains("'dblab init' saved").contains("./dblab demo").contains("new token each time it starts")
                .contains("run the 'dblab init' line it printed");
        assertThat(fromFlag.err()).endsWith("refused the verification token: check --token\n");
        assertThat(fromEnv.err()).endsWith("refused the verification token: check " + ConnectionSettings.TOKEN_ENV + "\n");
        assertThat(none.err()).contains("no token was given").contains("dblab init --url URL --token TOKEN");
        assertThat(fromFile.exitCode()).isEqualTo(1);
    }

    @Test
    void withoutAnyUrlTheErrorSaysWhereToGiveOne() {
        CliRun run = CliRun.of(Map.of(CliConfigFile.HOME_ENV, home.toString()), "clone", "list");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("--url").contains(ConnectionSettings.URL_ENV).contains("dblab init");
    }
}
