package io.dblab.serverkit.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The binder's long, double and settings-map support (int, string, boolean and lists are tested
 * with the engine's config).
 */
class StrictYamlTest {
    record Limits(Long blocks, Double share, String name) {}

    record Tuned(Map<String, String> settings) {}

    @Test
    void bindsLongsAndDoublesAndKeepsAWrittenZero() {
        Limits limits = StrictYaml.bind("blocks: 0\nshare: 0.25\n", Map.of(), "t.yml", Limits.class);
        assertThat(limits).isEqualTo(new Limits(0L, 0.25, null));
        assertThat(StrictYaml.bind("blocks: 5000000000\nshare: 2\n", Map.of(), "t.yml", Limits.class))
                .isEqualTo(new Limits(5_000_000_000L, 2.0, null));
    }

    @Test
    void takesNumbersFromTheEnvironment() {
        Limits limits = StrictYaml.bind("blocks: ${B}\nshare: ${S}\n", Map.of("B", "7", "S", "0.5"), "t.yml", Limits.class);
        assertThat(limits).isEqualTo(new Limits(7L, 0.5, null));
    }

    @Test
    void refusesWrongTypesAndUnknownKeysNamingTheKey() {
        assertThatThrownBy(() -> StrictYaml.bind("blocks: 1.5\n", Map.of(), "t.yml", Limits.class))
                .isInstanceOf(ConfigException.class).hasMessage("wrong type for 'blocks' in t.yml: expected an integer, got a decimal number");
        assertThatThrownBy(() -> StrictYaml.bind("share: \"0.5\"\n", Map.of(), "t.yml", Limits.class))
                .hasMessage("wrong type for 'share' in t.yml: expected a number, got a string");
        assertThatThrownBy(() -> StrictYaml.bind("blocks: ${B}\n", Map.of("B", "many"), "t.yml", Limits.class))
                .hasMessage("wrong type for 'blocks' in t.yml: the value from the environment is not an integer");
        assertThatThrownBy(() -> StrictYaml.bind("shares: 1\n", Map.of(), "t.yml", Limits.class))
                .hasMessage("unknown key 'shares' in t.yml");
    }

    @Test
    void bindsSettingsAsWrittenAndRefusesNestedValues() {
        Tuned tuned = StrictYaml.bind("settings: {max_connections: 50, jit: off, work_mem: 16MB, timeout: \"${T}\"}\n",
                Map.of("T", "5s"), "t.yml", Tuned.class);
        assertThat(tuned.settings()).containsExactly(Map.entry("max_connections", "50"), Map.entry("jit", "false"),
                Map.entry("work_mem", "16MB"), Map.entry("timeout", "5s"));
        assertThatThrownBy(() -> StrictYaml.bind("settings: {a: {b: 1}}\n", Map.of(), "t.yml", Tuned.class))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("wrong type for 'settings.a' in t.yml: expected a value");
        assertThatThrownBy(() -> StrictYaml.bind("settings: [a]\n", Map.of(), "t.yml", Tuned.class))
                .hasMessageStartingWith("wrong type for 'settings' in t.yml: expected a mapping of names to values");
    }
}
