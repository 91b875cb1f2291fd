package io.dblab.cli.demo;

import com.fasterxml.jackson.databind.JsonNode;
import io.dblab.checkup.report.ReportBundle;
import io.dblab.cli.CommandFailedException;
import io.dblab.client.Json;
import io.dblab.client.platform.PlatformApi;
import io.dblab.engine.config.EngineConfig;
import io.dblab.joe.config.JoeConfig;
import io.dblab.platform.auth.ApiTokens;
import io.dblab.platform.auth.Principal;
import io.dblab.platform.auth.Users;
import io.dblab.platform.config.PlatformConfig;
import io.dblab.platform.server.Platform;
import io.dblab.serverkit.StartupException;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

/**
 * The Platform in the demo: its embedded PostgreSQL under the work directory, a demo organization
 * with an owner whose password is new each run, and a fresh key for the secrets it seals. The demo
 * talks to it through its public API as a person would: the owner's token registers the engine as a
 * tunnel engine, and an organization token lets Joe report to it and the checkup report be uploaded.
 */
final class DemoPlatform implements AutoCloseable {
    private static final String ORGANIZATION = "Demo";
    private static final String ADMIN_EMAIL = "admin@demo.local";
    private static final String HOST = "127.0.0.1";
    private static final String ENGINE_NAME = "demo engine";
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    private static final int TOKEN_DAYS = 1;
    private static final Duration CONNECTION_POLL = Duration.ofMillis(200);

    private final Platform platform;
    private final String url;
    private final String adminPassword;
    private final PlatformApi asOwner;
    private final String organizationToken;
    private final long organizationId;

    private DemoPlatform(Platform platform, String adminPassword) {
        this.platform = platform;
        this.url = "http://" + HOST + ":" + platform.port();
        this.adminPassword = adminPassword;
        Platform.Services services = platform.services();
        Users.User admin = services.users().byEmail(ADMIN_EMAIL).orElseThrow();
        organizationId = services.organizations().of(Principal.user(admin.id(), admin.email())).get(0).organization().id();
        asOwner = api(services.tokens().create(ApiTokens.Owner.user(admin.id()), "demo", TOKEN_DAYS, admin.id()).secret());
        organizationToken = services.tokens().create(ApiTokens.Owner.organization(organizationId), "demo Joe and checkup",
                TOKEN_DAYS, admin.id()).secret();
    }

    static DemoPlatform start(DemoWorkDir work, int port) {
        Path dir = work.createServiceDir("platform");
        PlatformConfig config = new PlatformConfig(new PlatformConfig.Server(HOST, port, null, false),
                new PlatformConfig.Database(null, null, null, null, null, dir.resolve("data").toString()), null, null);
        String password = Secrets.password();
        Platform.createAdmin(config, dir, ADMIN_EMAIL, ORGANIZATION, password);
        Platform platform;
        try {
            platform = Platform.start(config, dir, Map.of(PlatformConfig.Secrets.DEFAULT_KEY_ENV, sealingKey()));
        } catch (StartupException e) {
            throw e.problem().startsWith("cannot listen")
                    ? new StartupException(e.problem(), "choose another --platform-port, or stop what uses it", e) : e;
        }
        try {
            return new DemoPlatform(platform, password);
        } catch (RuntimeException e) {
            platform.close();
            throw e;
        }
    }

    String url() {
        return url;
    }

    /** Registers the demo engine as a tunnel engine; the engine dials out with the answer's key. */
    EngineConfig.Tunnel registerTunnelEngine() throws IOException {
        JsonNode made = call(asOwner, "/api/organizations/" + organizationId + "/engines/tunnel",
                Json.mapper().writeValueAsString(Map.of("name", ENGINE_NAME)));
        return new EngineConfig.Tunnel("ws://" + HOST + ":" + platform.port() + "/tunnel",
                made.path("registrationKey").asText(), null);
    }

    /**
     * Waits until the Platform holds the demo engine's tunnel: the engine dials out once its API is up.
     * Returns whether it did within {@code limit}.
     */
    boolean awaitEngineConnected(Duration limit) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            PlatformApi.Reply reply = asOwner.get("/api/organizations/" + organizationId + "/engines");
            if (reply.ok()) {
                for (JsonNode engine : Json.mapper().readTree(reply.body())) {
                    if (ENGINE_NAME.equals(engine.path("name").asText())
                            && "connected".equals(engine.path("connection").asText())) {
                        return true;
                    }
                }
            }
            Thread.sleep(CONNECTION_POLL.toMillis());
        }
        return false;
    }

    /** Where Joe reports its history and commands. */
    JoeConfig.Platform joeLink() {
        return new JoeConfig.Platform(url, organizationToken, "demo Joe", null, null);
    }

    /** Uploads the report that {@code dblab checkup run} wrote to {@code dir}; returns its page. */
    String uploadCheckup(Path dir) throws IOException {
        return url + call(api(organizationToken), "/api/checkup/reports", ReportBundle.read(dir)).path("url").asText();
    }

    void printInstructions(PrintWriter out) {
        out.printf("The Platform (engines, clones, Joe, checkup reports, audit log) at %s%n", url);
        out.printf("  sign in as %s with the password %s%n%n", ADMIN_EMAIL, adminPassword);
        out.flush();
    }

    /** Stops the Platform and its embedded PostgreSQL. */
    @Override
    public void close() {
        platform.close();
    }

    private PlatformApi api(String token) {
        return new PlatformApi(URI.create(url), token, null, REQUEST_TIMEOUT);
    }

    private static JsonNode call(PlatformApi api, String path, String body) throws IOException {
        PlatformApi.Reply reply = api.post(path, body);
        if (!reply.ok()) {
            throw new CommandFailedException("the demo's Platform refused POST " + path + ": " + reply.message());
        }
        return Json.mapper().readTree(reply.body());
    }

    private static String sealingKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }
}
