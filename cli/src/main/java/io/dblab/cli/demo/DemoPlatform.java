package io.dblab.cli.demo;

import io.dblab.platform.config.PlatformConfig;
import io.dblab.platform.server.Platform;
import io.dblab.serverkit.StartupException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;

/**
 * The Platform in the demo: its embedded PostgreSQL under the work directory, a demo organization
 * with an owner whose password is new each run, and a fresh key for the secrets it seals.
 */
record DemoPlatform(Platform platform, String url, String adminEmail, String adminPassword) implements AutoCloseable {
    static final String ORGANIZATION = "Demo";
    private static final String ADMIN_EMAIL = "admin@demo.local";
    private static final String HOST = "127.0.0.1";

    static DemoPlatform start(DemoWorkDir work, int port) {
        Path dir = work.createServiceDir("platform");
        PlatformConfig config = new PlatformConfig(new PlatformConfig.Server(HOST, port, null, false),
                new PlatformConfig.Database(null, null, null, null, null, dir.resolve("data").toString()), null);
        String password = Secrets.password();
        Platform.createAdmin(config, dir, ADMIN_EMAIL, ORGANIZATION, password);
        Platform platform;
        try {
            platform = Platform.start(config, dir, Map.of(PlatformConfig.Secrets.DEFAULT_KEY_ENV, sealingKey()));
        } catch (StartupException e) {
            throw e.problem().startsWith("cannot listen")
                    ? new StartupException(e.problem(), "choose another --platform-port, or stop what uses it", e) : e;
        }
        return new DemoPlatform(platform, "http://" + HOST + ":" + platform.port(), ADMIN_EMAIL, password);
    }

    void printInstructions(PrintWriter out) {
        out.printf("The Platform (engines, clones, Joe, checkup reports, audit log) at %s%n", url);
        out.printf("  sign in as %s with the password %s%n%n", adminEmail, adminPassword);
        out.flush();
    }

    /** Stops the Platform and its embedded PostgreSQL. */
    @Override
    public void close() {
        platform.close();
    }

    private static String sealingKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }
}
