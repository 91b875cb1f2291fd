package io.dblab.cli.client;

import static org.awaitility.Awaitility.await;

import io.dblab.pg.process.OsUser;
import io.dblab.testkit.FreePorts;
import io.dblab.testkit.Requirements;
import io.dblab.testkit.TempDirs;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A real OpenSSH {@code sshd} on 127.0.0.1 for one test class, with its own host key and an
 * authorized_keys that admits one client key, all in a temporary directory. Runs as root (sshd
 * needs it to switch users); skipped with the reason when it cannot run.
 */
final class LoopbackSshd implements AutoCloseable {
    private static final Path SSHD = Path.of("/usr/sbin/sshd");
    /** Where sshd insists on its privilege separation directory. */
    private static final Path PRIVSEP_DIR = Path.of("/run/sshd");

    private final Path dir;
    private final int port;
    private final Process process;
    private final boolean createdPrivsepDir;

    private LoopbackSshd(Path dir, int port, Process process, boolean createdPrivsepDir) {
        this.dir = dir;
        this.port = port;
        this.process = process;
        this.createdPrivsepDir = createdPrivsepDir;
    }

    static LoopbackSshd start() throws IOException, InterruptedException {
        Requirements.require(OsUser.isRoot(), "sshd for the port-forward test must run as root");
        Requirements.require(Files.isExecutable(SSHD), SSHD + " is missing (apt-get install -y openssh-server;"
                + " ./dblab test installs it)");
        Path dir = Files.createTempDirectory("dblab-sshd-");
        try {
            keyPair(dir.resolve("host_key"));
            keyPair(dir.resolve("client_key"));
            Files.copy(dir.resolve("client_key.pub"), dir.resolve("authorized_keys"));
            int port = FreePorts.next();
            Files.writeString(dir.resolve("sshd_config"), String.join("\n",
                    "ListenAddress 127.0.0.1",
                    "HostKey " + dir.resolve("host_key"),
                    "AuthorizedKeysFile " + dir.resolve("authorized_keys"),
                    "PidFile " + dir.resolve("sshd.pid"),
                    "AllowUsers root",
                    "PermitRootLogin prohibit-password",
                    "PubkeyAuthentication yes",
                    "PasswordAuthentication no",
                    "KbdInteractiveAuthentication no",
                    "AllowTcpForwarding yes",
                    // the temporary directory is not the owner-only home directory sshd checks for
                    "StrictModes no",
                    "UsePAM no",
                    ""));
            boolean createdPrivsepDir = !Files.isDirectory(PRIVSEP_DIR);
            if (createdPrivsepDir) {
                Files.createDirectories(PRIVSEP_DIR);
            }
            Process process = new ProcessBuilder(SSHD.toString(), "-D", "-e", "-f", dir.resolve("sshd_config").toString(),
                    "-p", Integer.toString(port))
                    .redirectErrorStream(true).redirectOutput(dir.resolve("sshd.log").toFile()).start();
            LoopbackSshd sshd = new LoopbackSshd(dir, port, process, createdPrivsepDir);
            try {
                await().atMost(Duration.ofSeconds(20)).until(() -> !process.isAlive() || accepts(port));
                if (!process.isAlive()) {
                    throw new IllegalStateException("sshd did not start: " + Files.readString(dir.resolve("sshd.log")));
                }
                return sshd;
            } catch (RuntimeException e) {
                sshd.close();
                throw e;
            }
        } catch (IOException | InterruptedException | RuntimeException e) {
            TempDirs.deleteRecursively(dir);
            throw e;
        }
    }

    /** A new key pair, {@code file} and {@code file.pub}, without a passphrase. */
    static void keyPair(Path file) throws IOException, InterruptedException {
        Process keygen = new ProcessBuilder(List.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "dblab-test",
                "-f", file.toString())).redirectErrorStream(true).start();
        String output = new String(keygen.getInputStream().readAllBytes());
        if (keygen.waitFor() != 0) {
            throw new IllegalStateException("ssh-keygen failed: " + output);
        }
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    String url() {
        return "ssh://root@127.0.0.1:" + port;
    }

    /** The line a known_hosts file needs for this server with {@code publicKeyFile}'s key. */
    String knownHostsLine(Path publicKeyFile) throws IOException {
        String[] key = Files.readString(publicKeyFile).trim().split(" ");
        return "[127.0.0.1]:" + port + " " + key[0] + " " + key[1] + "\n";
    }

    Path hostPublicKey() {
        return dir.resolve("host_key.pub");
    }

    Path clientKey() {
        return dir.resolve("client_key");
    }

    Path dir() {
        return dir;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        process.waitFor();
        if (createdPrivsepDir) {
            TempDirs.deleteRecursively(PRIVSEP_DIR);
        }
        TempDirs.deleteRecursively(dir);
    }
}
