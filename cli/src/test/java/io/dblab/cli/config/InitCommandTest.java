package io.dblab.cli.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.dblab.cli.CliRun;
import io.dblab.cli.NotAnEngineServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InitCommandTest {
    @TempDir
    Path home;

    private NotAnEngineServer server;
    private Map<String, String> env;

    @BeforeEach
    void startServer() throws Exception {
        server = new NotAnEngineServer();
        env = new HashMap<>(Map.of(CliConfigFile.HOME_ENV, home.toString()));
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    private Path cliYml() {
        return home.resolve(".dblab").resolve("cli").resolve("cli.yml");
    }

    @Test
    void writesOwnerOnlyFileWithTheGivenSettings() throws Exception {
        CliRun run = CliRun.of(env, "init", "--url", server.url(), "--token", "secret-token",
                "--insecure", "--request-timeout", "2m", "--environment-id", "staging");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).isEqualTo("Database Lab CLI is successfully initialized. Environment \"staging\" is created.\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(cliYml()))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(cliYml().getParent())))
                .isEqualTo("rwx------");
        CliConfig saved = new CliConfigFile(cliYml()).load();
        assertThat(saved.currentEnvironment()).isEqualTo("staging");
        assertThat(saved.current()).contains(new CliConfig.Environment(server.url(), "secret-token", true, "120s",
                CliConfig.Forwarding.NONE, new CliConfig.Branching("main")));
        assertThat(Files.readString(cliYml())).contains("current_environment: \"staging\"").contains("request_timeout:");
    }

    @Test
    void laterCommandsUseTheSavedUrlAndToken() {
        assertThat(CliRun.of(env, "init", "--url", server.url(), "--token", "saved-token").exitCode()).isZero();

        CliRun run = CliRun.of(env, "snapshot", "list");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(server.received()).singleElement().satisfies(request -> {
            assertThat(request.path()).isEqualTo("/snapshots");
            assertThat(request.token()).isEqualTo("saved-token");
        });
    }

    @Test
    void environmentVariablesOverrideSavedSettingsAndFlagsOverrideBoth() {
        assertThat(CliRun.of(env, "init", "--url", "http://127.0.0.1:1", "--token", "saved-token").exitCode())
                .isZero();
        env.put(ConnectionSettings.URL_ENV, server.url());
        env.put(ConnectionSettings.TOKEN_ENV, "env-token");

        CliRun.of(env, "clone", "list");
        CliRun.of(env, "--token", "flag-token", "clone", "list");
        CliRun.of(env, "clone", "list", "--token", "flag-after-subcommand");

        assertThat(server.received()).extracting(NotAnEngineServer.Received::token)
                .containsExactly("env-token", "flag-token", "flag-after-subcommand");
    }

    @Test
    void initAgainUnderAnotherIdKeepsTheFirstAndSwitchesToTheNew() {
        CliRun.of(env, "init", "--url", "http://127.0.0.1:1", "--environment-id", "old");
        CliRun.of(env, "init", "--url", server.url(), "--environment-id", "new");

        CliConfig saved = new CliConfigFile(cliYml()).load();
        assertThat(saved.environments()).containsOnlyKeys("old", "new");
        assertThat(saved.currentEnvironment()).isEqualTo("new");
        assertThat(CliRun.of(env, "instance", "status").err()).contains(server.url() + " refused the verification token");
    }

    @Test
    void savesTheRequestTimeoutOnlyWhenGivenAndReadsItBack() throws Exception {
        env.put(ConnectionSettings.URL_ENV, server.url());
        CliRun.of(env, "init");
        assertThat(new CliConfigFile(cliYml()).load().current().orElseThrow().requestTimeout()).isNull();

        Files.writeString(cliYml(), Files.readString(cliYml()).replace("insecure: false", "insecure: false\n    request_timeout: \"soon\""));
        CliRun run = CliRun.of(env, "clone", "list");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).startsWith("Error: request_timeout in cli.yml: invalid duration 'soon'");
        assertThat(server.received()).isEmpty();
    }

    @Test
    void initWithoutUrlIsAUsageError() {
        CliRun run = CliRun.of(env, "init", "--token", "t");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).startsWith("Error: Missing required option: '--url=URL'");
        assertThat(cliYml()).doesNotExist();
    }

    @Test
    void initRefusesAUrlThatIsNotHttp() {
        CliRun run = CliRun.of(env, "init", "--url", "ftp://example.org");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).startsWith("Error: invalid engine URL 'ftp://example.org'");
        assertThat(cliYml()).doesNotExist();
    }
}
