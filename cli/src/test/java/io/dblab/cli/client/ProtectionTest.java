package io.dblab.cli.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The values {@code --protected} takes, as the reference CLI reads them. */
class ProtectionTest {

    @ParameterizedTest
    @CsvSource({
        "true, true,", "TRUE, true,", "'', true,", "false, false,", "False, false,",
        "0, true, 0", "30, true, 30", "30m, true, 30", "30M, true, 30", "0h, true, 0", "2h, true, 120",
        "23H, true, 1380", "1d, true, 1440", "7d, true, 10080", "365d, true, 525600", "525600, true, 525600"
    })
    void readsTheReferenceGrammar(String value, boolean isProtected, Long minutes) {
        assertThat(Protection.parse(value)).isEqualTo(new Protection(isProtected, minutes));
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "maybe", "10x", "m", "h", "d", "-1", "1.5h", " 30", "30 ", "2hd", "1w", "30s",
        "366d", "8761h", "525601", "99999999999d"})
    void refusesAnythingElseNamingTheValue(String value) {
        assertThatThrownBy(() -> Protection.parse(value)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("invalid --protected value: '" + value + "' (")
                .hasMessageContaining("30m, 2h, 7d");
    }

    @ParameterizedTest
    @ValueSource(strings = {"366d", "8761h", "525601"})
    void saysWhyATooLongProtectionIsRefused(String value) {
        assertThatThrownBy(() -> Protection.parse(value)).hasMessageContaining("at most 365 days");
    }
}
