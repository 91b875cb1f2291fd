package io.dblab.serverkit.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationsTest {
    @Test
    void readsTheReferenceCliSpellings() {
        assertThat(Durations.parse("30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(Durations.parse("1m30s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(Durations.parse("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(Durations.parse("1.5h")).isEqualTo(Duration.ofMinutes(90));
        assertThat(Durations.parse("30d")).isEqualTo(Duration.ofDays(30));
    }

    @Test
    void refusesValuesWithoutUnitOrZero() {
        assertThatThrownBy(() -> Durations.parse("30")).hasMessageContaining("like 30s");
        assertThatThrownBy(() -> Durations.parse("0s")).hasMessageContaining("at least 1ms");
        assertThatThrownBy(() -> Durations.parse("")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void formatsSoThatParsingGivesTheSameValue() {
        for (String text : new String[] {"30s", "1m30s", "250ms", "1500ms", "2h"}) {
            Duration duration = Durations.parse(text);
            assertThat(Durations.parse(Durations.format(duration))).isEqualTo(duration);
        }
        assertThat(Durations.format(Duration.ofSeconds(30))).isEqualTo("30s");
    }
}
