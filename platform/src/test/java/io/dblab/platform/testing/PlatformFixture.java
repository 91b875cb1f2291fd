package io.dblab.platform.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.dblab.platform.config.PlatformConfig;
import io.dblab.platform.config.PlatformConfigLoader;
import io.dblab.platform.server.Platform;
import io.dblab.testkit.FreePorts;
import io.dblab.testkit.PostgresProcesses;
import io.dblab.testkit.Requirements;
import io.dblab.testkit.TempDirs;
import io.dblab.testkit.TestCa;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

/**
 * A Platform for a test: embedded database in a temporary directory, HTTP (or HTTPS with a certificate
 * from a private {@link TestCa}) on a free loopback port, and a first organization with its owner. {@link #close} stops it and checks that no postgres is left.
 */
public final class PlatformFixture implements AutoCloseable {
    public static final String ADMIN_EMAIL = "admin@example.com";
    public static final String ADMIN_PASSWORD = "admin-password-7f3a9c";
    public static final String ORG = "Acme";
    /** The value of {@code DBLAB_PLATFORM_KEY} of a Platform started {@link #withSecretKey()}. */
    public static final String SECRET_KEY = "ZW5naW5lcy10ZXN0LWtleS0wMTIzNDU2Nzg5YWJjZGU=";
    private final Path dir;
    private final PlatformConfig config;
    private final Map<String, String> env;
    private final TestCa ca;
    private Platform platform;

    private PlatformFixture(Path dir, PlatformConfig config, Map<String, String> env, TestCa ca, Platform platform) {
        this.dir = dir;
        this.config = config;
        this.env = env;
        this.ca = ca;
        this.platform = platform;
    }

    public static PlatformFixture start() {
        return start(Map.of());
    }

    /** A Platform that serves HTTPS with a server certificate its own test CA ({@link #ca()}) signed. */
    public static PlatformFixture withTls() {
        return start(Map.of(), true);
    }

    /** A Platform that can seal engine tokens: {@code DBLAB_PLATFORM_KEY} is {@link #SECRET_KEY}. */
    public static PlatformFixture withSecretKey() {
        return start(Map.of("DBLAB_PLATFORM_KEY", SECRET_KEY));
    }

    /** A Platform whose platform.yml has these lines too (a section other than server and database). */
    public static PlatformFixture withConfig(String moreYaml) {
        return start(Map.of(), false, moreYaml);
    }

    private static PlatformFixture start(Map<String, String> env) {
        return start(env, false);
    }

    private static PlatformFixture start(Map<String, String> env, boolean tls) {
        return start(env, tls, "");
    }

    private static PlatformFixture start(Map<String, String> env, boolean tls, String moreYaml) {
        Requirements.requirePostgres();
        Path dir = tempDir();
        try {
            TestCa ca = tls ? TestCa.createIn(dir) : null;
            String tlsConfig = tls ? ", tls: {certFile: " + ca.serverCert() + ", keyFile: " + ca.serverKey() + "}" : "";
            PlatformConfig config = PlatformConfigLoader.parse("server: {port: " + FreePorts.next() + tlsConfig + "}\n"
                    + "database: {dataDir: db}\n" + moreYaml, Map.of());
            Platform.createAdmin(config, dir, ADMIN_EMAIL, ORG, ADMIN_PASSWORD);
            return new PlatformFixture(dir, config, env, ca, Platform.start(config, dir, env));
        } catch (RuntimeException e) {
            PostgresProcesses.stopAllUnder(dir);
            TempDirs.deleteRecursively(dir);
            throw e;
        }
    }

    /** A directory the postgres OS user may pass through, as it would /var/lib. */
    public static Path tempDir() {
        try {
            return Files.createTempDirectory("dblab-platform-", PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rwx--x--x")));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Stops the Platform and starts it again on the same port and database, as an operator's restart would. */
    public void restart() {
        platform.close();
        startAgain();
    }

    /** Starts the Platform again after {@code platform().close()}, on the same port and database. */
    public void startAgain() {
        platform = Platform.start(config, dir, env);
    }

    public Platform platform() {
        return platform;
    }

    public String url() {
        return (ca == null ? "http" : "https") + "://127.0.0.1:" + platform.port();
    }

    /** The CA that signed the server certificate of a Platform started {@link #withTls()}. */
    public TestCa ca() {
        if (ca == null) {
            throw new IllegalStateException("this Platform serves plain HTTP; start it withTls()");
        }
        return ca;
    }

    /** A client for the Platform's pages: one trusting {@link #ca()} when it serves HTTPS. */
    public WebClient web() {
        return ca == null ? new WebClient(url()) : WebClient.trusting(url(), ca.caCert());
    }

    public Path dir() {
        return dir;
    }

    @Override
    public void close() {
        try {
            platform.close();
            assertThat(PostgresProcesses.dataDirsUnder(dir)).as("the embedded postgres stops with the Platform").isEmpty();
        } finally {
            PostgresProcesses.stopAllUnder(dir);
            TempDirs.deleteRecursively(dir);
        }
    }
}
