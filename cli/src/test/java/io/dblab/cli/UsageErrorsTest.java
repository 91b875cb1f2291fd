package io.dblab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.dblab.cli.config.CliConfigFile;
import io.dblab.cli.config.ConnectionSettings;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A malformed command line exits 2 and sends nothing to the engine. */
class UsageErrorsTest {
    @TempDir
    Path home;

    private NotAnEngineServer server;
    private Map<String, String> env;

    @BeforeEach
    void startServer() throws Exception {
        server = new NotAnEngineServer();
        env = Map.of(CliConfigFile.HOME_ENV, home.toString(), ConnectionSettings.URL_ENV, server.url());
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "clone",
        "clone lsit",
        "--no-such-option clone list",
        "clone status",
        "clone create --password Secret-pass-phrase-123",
        "clone create --username alice",
        "clone create --username alice --password Secret-pass-phrase-123 --extra-config work_mem",
        "clone update c1",
        "clone update c1 --protected maybe",
        "clone update c1 --protected 2x",
        "clone update --protected 1.5h c1",
        "clone update --protected -1 c1",
        "clone create --username alice --password Secret-pass-phrase-123 --protected 366d",
        "snapshot update p1@s1 --protected forever",
        "branch --protected 2h",
        "branch --protected 8761h dev",
        "branch dev --protected yes",
        "branch --protected 2h --parent-branch main dev",
        "branch --protected 2h -d dev",
        "branch --snapshot-id p1@s1 create dev",
        "branch --protected 2h list",
        "branch -d dev delete dev",
        "branch dev switch main",
        "branch create",
        "branch create --parent-branch main --snapshot-id p1@s1 dev",
        "branch delete",
        "branch switch",
        "clone reset c1 --latest --snapshot-id p1@s1",
        "snapshot delete",
        "clone list --request-timeout 30",
        "engine run"
    })
    void exitsWith2AndSendsNothing(String command) {
        CliRun run = CliRun.of(env, command.isEmpty() ? new String[0] : command.split(" "));

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).startsWith("Error: ").contains("--help' for usage.");
        assertThat(run.err()).doesNotContain("Secret-pass-phrase-123");
        assertThat(server.received()).isEmpty();
    }

    @Test
    void aBadProtectionIsNamedWithTheValuesThatWork() {
        CliRun run = CliRun.of(env, "clone", "update", "c1", "--protected", "2x");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).startsWith("Error: invalid --protected value: '2x' (use 'true', 'false', minutes,"
                + " or a duration like 30m, 2h, 7d)\n");
        assertThat(server.received()).isEmpty();
    }

    @Test
    void helpIsNotAnError() {
        CliRun run = CliRun.of(env, "clone", "create", "--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("--username").contains("DBLAB_CLONE_PASSWORD");
    }
}
