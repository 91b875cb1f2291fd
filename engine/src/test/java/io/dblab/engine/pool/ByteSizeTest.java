package io.dblab.engine.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ByteSizeTest {

    @ParameterizedTest
    @CsvSource({
            "1073741824, 1073741824",
            "512B, 512",
            "20GiB, 21474836480",
            "512MiB, 536870912",
            "1G, 1073741824",
            "1GB, 1073741824",
            "1g, 1073741824",
            "1.5KiB, 1536",
            "' 2 TiB ', 2199023255552",
            "64k, 65536"})
    void parsesConfiguredSizes(String text, long bytes) {
        assertThat(ByteSize.parse(text)).isEqualTo(bytes);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "GiB", "20 parsecs", "-1GiB", "0", "1.5.2G", "99999999999PiB", "1XB"})
    void rejectsWhatIsNotASizeNamingTheValue(String text) {
        assertThatThrownBy(() -> ByteSize.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("\"" + text + "\"");
    }
}
