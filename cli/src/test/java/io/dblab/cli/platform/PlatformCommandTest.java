package io.dblab.cli.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dblab.cli.ChildClassPath;
import io.dblab.cli.CliRun;
import io.dblab.testkit.FreePorts;
import io.dblab.testkit.PostgresProcesses;
import io.dblab.testkit.Requirements;
import io.dblab.testkit.TempDirs;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code dblab platform create-admin} (password made and printed once, or read from standard input) and
 * {@code dblab platform run} as a process of its own: people sign in, and SIGTERM stops the Platform
 * with its embedded PostgreSQL.
 */
class PlatformCommandTest {
    private static final Pattern PASSWORD = Pattern.compile("Password \\(shown this once\\): (\\S+)");
    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");
    Path dir;
    Path config;
    int port;

    @BeforeEach
    void makeConfig() throws Exception {
        Requirements.requirePostgres();
        dir = Files.createTempDirectory("dblab-platform-cli-", PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwx--x--x")));
        port = FreePorts.next();
        config = dir.resolve("platform.yml");
        Files.writeString(config, "server: {port: " + port + "}\ndatabase: {dataDir: db}\n");
    }

    @AfterEach
    void cleanUp() {
        PostgresProcesses.stopAllUnder(dir);
        TempDirs.deleteRecursively(dir);
    }

    @Test
    void createAdminsThenRunUntilSigterm() throws Exception {
        CliRun made = CliRun.of(Map.of(), "platform", "create-admin", "--config", config.toString(),
                "--email", "first@example.com", "--org", "First");
        assertThat(made.exitCode()).as(made.err()).isZero();
        Matcher printed = PASSWORD.matcher(made.out());
        assertThat(printed.find()).as(made.out()).isTrue();
        assertThat(PostgresProcesses.dataDirsUnder(dir)).as("create-admin stops the database it started").isEmpty();

        String classPath = ChildClassPath.copyInto(dir.resolve("classes"), false);
        Process stdinAdmin = dblab(classPath, "platform", "create-admin", "--config", config.toString(),
                "--email", "second@example.com", "--org", "Second", "--password-stdin");
        stdinAdmin.getOutputStream().write("second-password-from-stdin\n".getBytes(StandardCharsets.UTF_8));
        stdinAdmin.getOutputStream().close();
        assertThat(stdinAdmin.waitFor(120, TimeUnit.SECONDS)).isTrue();
        String out = new String(stdinAdmin.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(stdinAdmin.exitValue()).as(out).isZero();
        assertThat(out).contains("Created organization \"Second\"").doesNotContain("second-password-from-stdin");

        CliRun again = CliRun.of(Map.of(), "platform", "create-admin", "--config", config.toString(),
                "--email", "FIRST@example.com", "--org", "Again");
        assertThat(again.exitCode()).isEqualTo(1);
        assertThat(again.err().strip()).isEqualTo("Error: a user with the email first@example.com exists already; "
                + "sign in as that user, or give another --email");

        Process platform = dblab(classPath, "platform", "run", "--config", config.toString());
        try {
            await().atMost(Duration.ofSeconds(120)).ignoreExceptions().until(() -> {
                assertThat(platform.isAlive()).isTrue();
                return signIn("first@example.com", printed.group(1));
            }, status -> status == 303);
            assertThat(signIn("second@example.com", "second-password-from-stdin")).isEqualTo(303);
            assertThat(signIn("second@example.com", "wrong-password")).isEqualTo(401);
        } finally {
            platform.destroy();
            assertThat(platform.waitFor(120, TimeUnit.SECONDS)).as("stops on SIGTERM").isTrue();
        }
        assertThat(PostgresProcesses.dataDirsUnder(dir)).as("the embedded postgres stopped with it").isEmpty();
    }

    @Test
    void aBadConfigurationIsAOneLineError() throws Exception {
        Files.writeString(config, "server: {host: 0.0.0.0}\n");
        CliRun run = CliRun.of(Map.of(), "platform", "run", "--config", config.toString());
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err().strip()).startsWith("Error: platform.yml: server.host 0.0.0.0 is not loopback").doesNotContain("\n");
    }

    private Process dblab(String classPath, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classPath, "io.dblab.cli.Main"));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }

    private int signIn(String email, String password) throws Exception {
        HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
        String base = "http://127.0.0.1:" + port;
        String form = http.send(HttpRequest.newBuilder(URI.create(base + "/signin")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        Matcher csrf = CSRF.matcher(form);
        assertThat(csrf.find()).isTrue();
        String body = "csrf=" + enc(csrf.group(1)) + "&email=" + enc(email) + "&password=" + enc(password);
        return http.send(HttpRequest.newBuilder(URI.create(base + "/signin")).header("Content-Type",
                "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
