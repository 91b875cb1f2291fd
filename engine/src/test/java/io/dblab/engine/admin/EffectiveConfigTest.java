package io.dblab.engine.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.dblab.engine.config.EngineConfig;
import io.dblab.engine.config.EngineConfigLoader;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EffectiveConfigTest {
    private static final List<String> SECRETS = List.of("verif-TOKEN-1", "control-TOKEN-2", "tunnel-KEY-3",
            "hook-SECRET-4", "source-PW-5");

    @Test
    void everySecretIsMaskedAndEverythingElseShown() {
        EngineConfig config = EngineConfigLoader.parse("""
                server: {verificationToken: verif-TOKEN-1}
                platform:
                  controlToken: control-TOKEN-2
                  tunnel: {url: "wss://platform.example.com/tunnel", key: tunnel-KEY-3}
                webhooks:
                  hooks: [{url: "https://ci.example.com/hook", secret: hook-SECRET-4, trigger: [clone_create]}]
                retrieval:
                  source: {connStr: "host=src user=dblab", password: source-PW-5, passwordEnv: SOURCE_PW}
                  parallelJobs: 3
                """, Map.of());

        String yaml = EffectiveConfig.yaml(config, List.of("retrieval.parallelJobs"));

        SECRETS.forEach(secret -> assertThat(yaml).doesNotContain(secret));
        assertThat(yaml).contains("verificationToken: " + quoted(EffectiveConfig.MASK), "key: " + quoted(EffectiveConfig.MASK),
                "passwordEnv: SOURCE_PW", "connStr: host=src user=dblab", "parallelJobs: 3",
                "url: wss://platform.example.com/tunnel", "Set through POST /admin/config", "retrieval.parallelJobs");
    }

    @Test
    void passwordsInsideUrlsAndConnectionStringsAreMasked() {
        assertThat(EffectiveConfig.masked("url", "https://user:hunter2@hooks.example.com/x"))
                .isEqualTo("https://user:****@hooks.example.com/x");
        assertThat(EffectiveConfig.masked("connStr", "host=h password='a b' user=u")).isEqualTo("host=h password=**** user=u");
        assertThat(EffectiveConfig.masked("passwordEnv", "SOURCE_PW")).isEqualTo("SOURCE_PW");
        assertThat(EffectiveConfig.masked("secret", "")).isEmpty();
    }

    private static String quoted(String text) {
        return "'" + text + "'";
    }
}
