package io.dblab.cli.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dblab.cli.CliRun;
import io.dblab.cli.Main;
import io.dblab.engine.EngineFixture;
import io.dblab.testkit.FreePorts;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code dblab clone port-forward} and {@code dblab port-forward} through a real OpenSSH sshd on
 * loopback to a real clone and engine: they are reached only through the SSH connection's forwarded ports.
 */
class PortForwardTest {
    private static final String PASSWORD = "Port-Forward-8841-xyzzy-plugh";
    private static final Pattern AVAILABLE = Pattern.compile("The clone is available by address: 127\\.0\\.0\\.1:(\\d+)\n");
    private static LoopbackSshd sshd;
    private static EngineFixture engine;
    private static CliHome home;

    @BeforeAll
    static void start() throws Exception {
        sshd = LoopbackSshd.start();
        engine = EngineFixture.start(16330, 16339, "1GiB", 0);
        home = CliHome.initialisedFor(engine, Map.of("DBLAB_CLONE_PASSWORD", PASSWORD));
        CliRun created = home.run("clone", "create", "--username", "pf_user", "--id", "pf1");
        assertThat(created.exitCode()).as(created.err()).isZero();
    }

    @AfterAll
    static void stop() throws Exception {
        if (home != null) {
            home.close();
        }
        if (engine != null) {
            engine.close();
        }
        if (sshd != null) {
            sshd.close();
        }
    }

    @Test
    void forwardsALocalPortToTheCloneUntilInterrupted() throws Exception {
        Path knownHosts = knownHosts(sshd.knownHostsLine(sshd.hostPublicKey()));
        int localPort = FreePorts.next();
        Background run = Background.start(home.env(), "clone", "port-forward", "pf1",
                "--forwarding-server-url", sshd.url(), "--identity-file", sshd.clientKey().toString(),
                "--forwarding-local-port", Integer.toString(localPort), "--known-hosts", knownHosts.toString());
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> run.out().contains("available") || !run.thread.isAlive());
            assertThat(run.out()).as(run.err()).isEqualTo("The clone is available by address: 127.0.0.1:" + localPort + "\n");
            try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + localPort + "/postgres",
                    "pf_user", PASSWORD);
                 ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM customers")) {
                rs.next();
                assertThat(rs.getLong(1)).isEqualTo(2000);
            }
        } finally {
            assertThat(run.stop()).as(run.err()).isZero();
        }
    }

    @Test
    void theTopLevelCommandForwardsALocalPortToTheEnginesApi() throws Exception {
        Path knownHosts = knownHosts(sshd.knownHostsLine(sshd.hostPublicKey()));
        int localPort = FreePorts.next();
        Background run = Background.start(home.env(), "port-forward",
                "--forwarding-server-url", sshd.url(), "--identity-file", sshd.clientKey().toString(),
                "--forwarding-local-port", Integer.toString(localPort), "--known-hosts", knownHosts.toString());
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> run.out().contains("available") || !run.thread.isAlive());
            assertThat(run.out()).as(run.err()).isEqualTo("The connection is available by address: 127.0.0.1:" + localPort + "\n");
            CliRun listed = CliRun.of(home.env(), "--url", "http://127.0.0.1:" + localPort, "clone", "list");
            assertThat(listed.exitCode()).as(listed.err()).isZero();
            assertThat(listed.out()).contains("\"id\": \"pf1\"");
        } finally {
            assertThat(run.stop()).as(run.err()).isZero();
        }
    }

    @Test
    void anUnknownHostKeyIsRefusedUnlessAcceptedAndThenRecorded() throws Exception {
        Path knownHosts = knownHosts("");
        List<String> args = new ArrayList<>(List.of("clone", "port-forward", "pf1",
                "--forwarding-server-url", sshd.url(), "--identity-file", sshd.clientKey().toString(),
                "--forwarding-local-port", Integer.toString(FreePorts.next()), "--known-hosts", knownHosts.toString()));

        CliRun refused = CliRun.of(home.env(), args.toArray(String[]::new));
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.err()).startsWith("Error: the SSH server root@127.0.0.1:").contains("is not in " + knownHosts)
                .contains("SHA256:").contains("--accept-host-key");

        args.add("--accept-host-key");
        Background accepted = Background.start(home.env(), args.toArray(String[]::new));
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> accepted.out().contains("available") || !accepted.thread.isAlive());
            assertThat(accepted.out()).as(accepted.err()).startsWith("The clone is available by address:");
        } finally {
            assertThat(accepted.stop()).isZero();
        }
        assertThat(Files.readString(knownHosts)).isEqualTo(sshd.knownHostsLine(sshd.hostPublicKey()));
    }

    @Test
    void aChangedHostKeyIsRefusedEvenWhenUnknownKeysAreAccepted() throws Exception {
        Path otherKey = sshd.dir().resolve("impostor_key");
        LoopbackSshd.keyPair(otherKey);
        Path knownHosts = knownHosts(sshd.knownHostsLine(Path.of(otherKey + ".pub")));

        CliRun refused = CliRun.of(home.env(), "clone", "port-forward", "pf1", "--accept-host-key",
                "--forwarding-server-url", sshd.url(), "--identity-file", sshd.clientKey().toString(),
                "--forwarding-local-port", Integer.toString(FreePorts.next()), "--known-hosts", knownHosts.toString());

        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.err()).contains("is not the one in " + knownHosts).contains("ssh-keygen -R");
        assertThat(refused.out()).isEmpty();
    }

    @Test
    void aKeyTheServerDoesNotKnowIsRefused() throws Exception {
        Path wrongIdentity = sshd.dir().resolve("stranger_key");
        LoopbackSshd.keyPair(wrongIdentity);
        Path knownHosts = knownHosts(sshd.knownHostsLine(sshd.hostPublicKey()));

        CliRun refused = CliRun.of(home.env(), "clone", "port-forward", "pf1",
                "--forwarding-server-url", sshd.url(), "--identity-file", wrongIdentity.toString(),
                "--known-hosts", knownHosts.toString());

        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.err()).contains("refused the key in " + wrongIdentity + " for user root");
    }

    @Test
    void withoutAForwardingServerItSaysHowToGiveOne() {
        CliRun run = CliRun.of(home.env(), "clone", "port-forward", "pf1");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).startsWith("Error: Forwarding server URL is required");
    }

    private static Path knownHosts(String content) throws Exception {
        Path file = Files.createTempFile(sshd.dir(), "known_hosts", "");
        Files.writeString(file, content);
        return file;
    }

    /** A command that runs until interrupted, in its own thread, its output readable while it runs. */
    private record Background(Thread thread, ByteArrayOutputStream outBytes, ByteArrayOutputStream errBytes,
                              AtomicInteger exitCode) {
        static Background start(Map<String, String> env, String... args) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            AtomicInteger exitCode = new AtomicInteger(-1);
            Thread thread = new Thread(() -> exitCode.set(Main.run(args,
                    new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8), env)), "port-forward");
            thread.start();
            return new Background(thread, out, err, exitCode);
        }

        String out() {
            return outBytes.toString(StandardCharsets.UTF_8);
        }

        String err() {
            return errBytes.toString(StandardCharsets.UTF_8);
        }

        int stop() throws InterruptedException {
            thread.interrupt();
            thread.join(Duration.ofSeconds(30).toMillis());
            return exitCode.get();
        }
    }
}
