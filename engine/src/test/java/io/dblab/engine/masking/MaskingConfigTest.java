package io.dblab.engine.masking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dblab.serverkit.config.ConfigException;
import io.dblab.engine.config.EngineConfig;
import io.dblab.engine.retrieval.RetrievalStatus;
import io.dblab.pg.server.PgInstallation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine refuses to start with masking it could not apply, instead of failing (or leaking) later. */
class MaskingConfigTest {
    private static final PgInstallation PG = PgInstallation.at(PgInstallation.DEFAULT_BIN_DIR);
    private static final RetrievalStatus STATUS = new RetrievalStatus("logical", "pending");

    @TempDir
    Path dir;

    private Masking load(String rules, String keyEnv, Map<String, String> env) throws IOException {
        Path file = dir.resolve("masking.yml");
        Files.writeString(file, rules);
        return Masking.fromConfig(new EngineConfig.Masking(file.toString(), keyEnv), env, PG, STATUS);
    }

    @Test
    void noRulesFileMeansNoMasking() {
        assertThat(Masking.fromConfig(new EngineConfig.Masking(null, null), Map.of(), PG, STATUS).enabled()).isFalse();
    }

    @Test
    void keyedActionsNeedALongEnoughKey() throws IOException {
        String rules = "rules: [{column: public.t.c, action: hash}]";
        assertThatThrownBy(() -> load(rules, "", Map.of())).isInstanceOf(ConfigException.class)
                .hasMessageContaining("retrieval.masking.keyEnv must be set");
        assertThatThrownBy(() -> load(rules, "K", Map.of())).isInstanceOf(ConfigException.class)
                .hasMessageContaining("environment variable K");
        assertThatThrownBy(() -> load(rules, "K", Map.of("K", "short-key"))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("at least 16 characters").hasMessageNotContaining("short-key");
        assertThat(load(rules, "K", Map.of("K", "a-key-of-enough-length")).enabled()).isTrue();
    }

    @Test
    void unkeyedActionsNeedNoKey() throws IOException {
        assertThat(load("rules: [{column: public.t.c, action: null}, {column: public.t.d, action: partial, keep: 2}]",
                "", Map.of()).enabled()).isTrue();
    }

    @Test
    void aMissingRulesFileIsAConfigError() {
        assertThatThrownBy(() -> Masking.fromConfig(new EngineConfig.Masking(dir.resolve("none.yml").toString(), ""),
                Map.of(), PG, STATUS)).isInstanceOf(ConfigException.class).hasMessageContaining("cannot read masking rules");
    }
}
