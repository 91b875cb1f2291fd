package io.dblab.engine.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dblab.serverkit.config.ConfigException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The reference's {@code webhooks} section: read as it writes it, and checked. */
class WebhookConfigTest {
    private static final String SOURCE = "retrieval: {source: {connStr: 'host=src dbname=postgres'}}\n";

    private static EngineConfig parse(String webhooks) {
        return EngineConfigLoader.parse(SOURCE + webhooks, Map.of("HOOK_SECRET", "s3cret"));
    }

    @Test
    void theReferenceFormIsRead() {
        EngineConfig c = parse("""
                webhooks:
                  hooks:
                    - url: https://ci.example.com/dblab
                      secret: ${HOOK_SECRET}
                      trigger: [clone_create, clone_reset, clone_delete, snapshot_create]
                """);

        assertThat(c.webhooks().hooks()).containsExactly(new EngineConfig.Hook("https://ci.example.com/dblab", "s3cret",
                List.of("clone_create", "clone_reset", "clone_delete", "snapshot_create")));
        assertThat(c.webhooks().attempts()).isEqualTo(4);
        assertThat(c.webhooks().hooks().get(0).toString()).doesNotContain("s3cret");
        assertThat(parse("").webhooks().hooks()).isEmpty();
    }

    @Test
    void plainHttpOnlyToLoopbackAndOnlyKnownTriggers() {
        assertThat(parse("webhooks: {hooks: [{url: 'http://127.0.0.1:8080/h', trigger: [clone_failure]}]}")
                .webhooks().hooks()).hasSize(1);
        rejected("webhooks: {hooks: [{url: 'http://ci.example.com/h', trigger: [clone_create]}]}",
                "webhooks.hooks[0].url must use https:// (TLS)");
        rejected("webhooks: {hooks: [{url: 'ftp://ci.example.com/h', trigger: [clone_create]}]}",
                "webhooks.hooks[0].url must be https://host[:port]/path");
        rejected("webhooks: {hooks: [{url: 'https://ci.example.com/h', trigger: [clone_created]}]}",
                "unknown event 'clone_created'");
        rejected("webhooks: {hooks: [{url: 'https://ci.example.com/h'}]}", "webhooks.hooks[0].trigger is empty");
        rejected("webhooks: {attempts: 0}", "webhooks.attempts must be between 1 and 10");
        rejected("webhooks: {hooks: [{url: 'https://ci.example.com/h', trigger: [clone_create], token: x}]}", "token");
    }

    private static void rejected(String webhooks, String message) {
        assertThatThrownBy(() -> parse(webhooks)).isInstanceOf(ConfigException.class).hasMessageContaining(message);
    }
}
