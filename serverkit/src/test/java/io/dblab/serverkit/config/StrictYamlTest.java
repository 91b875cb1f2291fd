package io.dblab.serverkit.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The binder's long, double and settings-map support (int, string, boolean and lists are tested
 * with the engine's config), and YAML anchors, aliases and merge keys.
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

    record Box(String image, Map<String, String> settings, Integer size) {}

    record Boxes(Box first, Box second, List<Box> more) {}

    @Test
    void expandsAliasesAndMergeKeysWithWrittenKeysWinning() {
        String yaml = """
                first: &base {image: pg15, settings: &tuned {work_mem: 64MB}, size: 1}
                second:
                  <<: *base
                  size: 2
                  <<: {image: ignored, settings: {work_mem: 1MB}}
                more:
                  - <<: [{size: 3}, *base]
                  - {image: &img pg16, settings: *tuned}
                  - {image: *img}
                """;
        Boxes boxes = StrictYaml.bind(yaml, Map.of(), "t.yml", Boxes.class);
        Box base = new Box("pg15", Map.of("work_mem", "64MB"), 1);
        assertThat(boxes.first()).isEqualTo(base);
        assertThat(boxes.second()).isEqualTo(new Box("pg15", Map.of("work_mem", "64MB"), 2));
        assertThat(boxes.more()).containsExactly(new Box("pg15", Map.of("work_mem", "64MB"), 3),
                new Box("pg16", Map.of("work_mem", "64MB"), null), new Box("pg16", null, null));
    }

    @Test
    void anAliasIsACopyThatAMergeDoesNotChangeAtItsAnchor() {
        JsonNode tree = StrictYaml.readTree("a: &a {x: 1}\nb: {<<: *a, y: 2}\nc: *a\n", "t.yml");
        assertThat(tree.get("c")).isEqualTo(tree.get("a"));
        assertThat(tree.get("a").has("y")).isFalse();
        assertThat(tree.get("b").get("x").intValue()).isEqualTo(1);
    }

    @Test
    void refusesUnknownAliasesRecursionDuplicatesAndExplosions() {
        assertThatThrownBy(() -> StrictYaml.readTree("a: 1\nb: *nope\n", "t.yml")).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("unknown YAML alias '*nope' in t.yml at line 2");
        assertThatThrownBy(() -> StrictYaml.readTree("a: &a {b: *a}\n", "t.yml"))
                .hasMessageStartingWith("unknown YAML alias '*a' in t.yml at line 1");
        assertThatThrownBy(() -> StrictYaml.readTree("a: 1\nb: 2\na: 3\n", "t.yml"))
                .hasMessage("cannot parse t.yml: Duplicate field 'a' at line 3");
        assertThatThrownBy(() -> StrictYaml.readTree("a: &a 1\nb: {<<: *a}\n", "t.yml"))
                .hasMessageStartingWith("cannot parse t.yml: a merge key '<<' takes a mapping or a list of mappings");
        StringBuilder laughs = new StringBuilder("l0: &l0 [x, x, x, x, x, x, x, x, x, x]\n");
        for (int i = 1; i < 8; i++) {
            laughs.append("l").append(i).append(": &l").append(i).append(" [")
                    .append(String.join(", ", java.util.Collections.nCopies(10, "*l" + (i - 1)))).append("]\n");
        }
        assertThatThrownBy(() -> StrictYaml.readTree(laughs.toString(), "t.yml"))
                .hasMessageStartingWith("YAML aliases in t.yml expand to more than 100000 values");
    }
}
