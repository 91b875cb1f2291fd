package io.dblab.cli.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.dblab.cli.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dblab config …} against the reference CLI's documented messages and its view/list layout
 * (engine/cmd/cli/commands/config of postgres-ai/database-lab-engine), written out by hand.
 */
class ConfigCommandTest {
    @TempDir
    Path home;

    private CliRun run(String... args) {
        return CliRun.of(Map.of(CliConfigFile.HOME_ENV, home.toString()), args);
    }

    private Path cliYml() {
        return home.resolve(".dblab/cli/cli.yml");
    }

    @Test
    void createViewListSwitchUpdateRemove() throws Exception {
        assertThat(run("config", "create", "prod", "--url", "https://prod.example:2345", "--token", "t1",
                "--forwarding-server-url", "ssh://dblab@prod.example:22", "--forwarding-local-port", "6000",
                "--identity-file", "/home/me/.ssh/id_ed25519", "--request-timeout", "90s").out())
                .isEqualTo("The \"prod\" environment is successfully created.\n");
        assertThat(run("config", "create", "ci", "--url", "http://127.0.0.1:2345").out())
                .isEqualTo("The \"ci\" environment is successfully created.\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(cliYml()))).isEqualTo("rw-------");

        assertThat(run("config", "view", "prod").out()).isEqualTo("""
                {
                    "environment_id": "prod",
                    "url": "https://prod.example:2345",
                    "token": "t1",
                    "insecure": false,
                    "request_timeout": "1m30s",
                    "forwarding": {
                        "server_url": "ssh://dblab@prod.example:22",
                        "local_port": "6000",
                        "identity_file": "/home/me/.ssh/id_ed25519"
                    },
                    "branching": {
                        "current_branch": "main"
                    }
                }
                """);
        // columns: the longest value (or header) plus two spaces; the current environment marked [*]
        assertThat(run("config", "list").out()).isEqualTo(String.join("\n",
                "Available CLI environments:",
                "ENV       URL                        Forwarding server URL        Forwarding local port",
                "[*] ci    http://127.0.0.1:2345      " + " ".repeat(29),
                "[ ] prod  https://prod.example:2345  ssh://dblab@prod.example:22  6000",
                ""));

        assertThat(run("config", "switch", "prod").out()).isEqualTo("The CLI environment is successfully switched to \"prod\".\n");
        assertThat(run("config", "view").out()).contains("\"environment_id\": \"prod\"");

        assertThat(run("config", "update", "ci", "--insecure", "--token", "t2").out())
                .isEqualTo("The \"ci\" environment is successfully updated.\n");
        assertThat(run("config", "view").out()).contains("\"environment_id\": \"ci\"").contains("\"token\": \"t2\"")
                .contains("\"insecure\": true").doesNotContain("request_timeout");

        assertThat(run("config", "remove", "ci").out())
                .isEqualTo("Environment \"ci\" is successfully removed.\nThe current environment is \"prod\".\n");
        assertThat(run("config", "list").out()).doesNotContain("[ ] ci").contains("[*] prod");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(cliYml()))).isEqualTo("rw-------");
    }

    @Test
    void badInputIsAClearErrorAndChangesNothing() throws Exception {
        run("config", "create", "prod", "--url", "http://127.0.0.1:2345");
        String saved = Files.readString(cliYml());

        assertError(run("config", "create", "prod", "--url", "http://127.0.0.1:1"), "environment \"prod\" is already initialized");
        assertError(run("config", "create", "other"), "Required flag \"url\" not set");
        assertError(run("config", "create", "x", "--url", "ftp://h"), "invalid engine URL 'ftp://h'");
        assertError(run("config", "create", "x", "--url", "http://h", "--forwarding-server-url", "http://h"),
                "invalid forwarding server URL 'http://h': expected ssh://USER@HOST[:PORT]");
        assertError(run("config", "create", "x", "--url", "http://h", "--forwarding-local-port", "70000"),
                "invalid forwarding local port '70000'");
        assertError(run("config", "create", "bad id", "--url", "http://h"), "invalid environment ID 'bad id'");
        assertError(run("config", "update", "nope", "--token", "t"), "environment \"nope\" not found");
        assertError(run("config", "update", "prod"), "config unchanged. Set options to update.");
        assertError(run("config", "update", "prod", "--url", "http://127.0.0.1:2345"),
                "config unchanged. Set different option values to update.");
        assertError(run("config", "view", "nope"), "Configuration of environment \"nope\" not found.");
        assertError(run("config", "switch", "nope"), "environment \"nope\" not found");
        assertError(run("config", "remove", "nope"), "environment \"nope\" not found");
        assertThat(Files.readString(cliYml())).isEqualTo(saved);

        CliRun missingId = run("config", "switch");
        assertThat(missingId.exitCode()).isEqualTo(2);
        assertThat(missingId.err()).contains("Missing required parameter: 'ENVIRONMENT_ID'");
    }

    @Test
    void readsTheFileTheReferenceCliWrites() throws Exception {
        Files.createDirectories(cliYml().getParent());
        // the layout of the reference's yaml.v2 output
        Files.writeString(cliYml(), """
                current_environment: test
                environments:
                  test:
                    url: http://localhost:12345
                    token: secret_token
                    insecure: true
                    request_timeout: 1m0s
                    forwarding:
                      server_url: ""
                      local_port: ""
                      identity_file: ""
                    branching:
                      current_branch: dev
                settings:
                  tz: Europe/Berlin
                """);

        assertThat(run("config", "view").out()).contains("\"request_timeout\": \"1m0s\"")
                .contains("\"current_branch\": \"dev\"").contains("\"insecure\": true");
        run("config", "update", "test", "--token", "new");
        assertThat(Files.readString(cliYml())).contains("tz: \"Europe/Berlin\"").contains("current_branch: \"dev\"");
    }

    private static void assertError(CliRun run, String message) {
        assertThat(run.exitCode()).as(run.out()).isEqualTo(1);
        assertThat(run.err()).startsWith("Error: ").contains(message);
    }
}
