package io.dblab.engine.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.dblab.client.DblabClient;
import io.dblab.client.Json;
import io.dblab.client.transport.EngineReply;
import io.dblab.engine.Engine;
import io.dblab.engine.admin.AdminConfig;
import io.dblab.engine.config.EngineConfig;
import io.dblab.testkit.FreePorts;
import io.dblab.testkit.TempDirs;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The {@code /admin} endpoints where the configuration may not be changed: an engine without logical
 * retrieval and with {@code server.disableConfigModification}, whose secrets are all set. Reading
 * the whole configuration still works, every secret masked.
 */
class AdminConfigModesTest {
    private static final String TOKEN = "modes-verification-TOKEN-5521";
    private static final String CONTROL = "modes-control-TOKEN-8810";
    private static final String HOOK_SECRET = "modes-hook-SECRET-3307";
    private static final String SOURCE_PASSWORD = "modes-source-PASSWORD-1194";
    private static Path dir;
    private static Engine engine;
    private static DblabClient client;

    @BeforeAll
    static void start() throws Exception {
        dir = Files.createTempDirectory("dblab-admin-modes-");
        EngineConfig config = new EngineConfig(
                new EngineConfig.Server("127.0.0.1", FreePorts.next(), TOKEN, null, false, true),
                new EngineConfig.PoolManager(dir.resolve("mnt").toString(),
                        List.of(new EngineConfig.Pool("p", "reflink", null, null, false, true))),
                null,
                new EngineConfig.Retrieval("none", new EngineConfig.Source("host=src user=u", null, SOURCE_PASSWORD),
                        null, 0),
                null, dir.resolve("state").toString(), new EngineConfig.Platform(CONTROL, null),
                new EngineConfig.Webhooks(List.of(new EngineConfig.Hook("http://127.0.0.1:9/hook", HOOK_SECRET,
                        List.of("clone_create"))), null, null, null));
        engine = Engine.start(config);
        client = new DblabClient(URI.create("http://127.0.0.1:" + engine.apiPort()), TOKEN);
    }

    @AfterAll
    static void stop() {
        if (engine != null) {
            engine.close();
        }
        TempDirs.deleteRecursively(dir);
    }

    @Test
    void changesAreRefusedInTheReferencesWordsBeforeTheBodyIsRead() throws Exception {
        for (String body : List.of("{\"global\": {\"debug\": true}}", "not json")) {
            assertRefused(client.raw("POST", "/admin/config", body), AdminConfig.DISABLED);
        }
        assertRefused(client.raw("POST", "/admin/test-db-source", "{\"host\": \"h\", \"username\": \"u\"}"),
                AdminConfig.DISABLED);
        assertThat(Files.exists(dir.resolve("state").resolve("admin-config.yml"))).isFalse();
    }

    @Test
    void theProjectionIsForLogicalModeOnlyAsInTheReference() throws Exception {
        assertRefused(client.raw("GET", "/admin/config", null), AdminConfig.CONFIG_NOT_LOGICAL);
    }

    @Test
    void theWholeConfigurationIsShownWithEverySecretMasked() {
        EngineReply yaml = client.raw("GET", "/admin/config.yaml", null);

        assertThat(yaml.status()).isEqualTo(200);
        assertThat(yaml.contentType()).startsWith("application/yaml");
        assertThat(yaml.body()).contains("mode: none", "disableConfigModification: true", "url: http://127.0.0.1:9/hook");
        for (String secret : List.of(TOKEN, CONTROL, HOOK_SECRET, SOURCE_PASSWORD)) {
            assertThat(yaml.body()).doesNotContain(secret);
        }
    }

    private static void assertRefused(EngineReply reply, String message) throws Exception {
        assertThat(reply.status()).as(reply.body()).isEqualTo(400);
        assertThat(Json.mapper().readTree(reply.body()).get("message").asText()).isEqualTo(message);
    }
}
