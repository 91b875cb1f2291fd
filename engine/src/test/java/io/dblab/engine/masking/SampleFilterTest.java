package io.dblab.engine.masking;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class SampleFilterTest {
    private static MaskingRule rule(MaskAction action, String value) {
        return new MaskingRule(1, ColumnRef.parse("s.t.c"), action, value, action == MaskAction.PARTIAL ? 4 : 0);
    }

    @Test
    void skipsValuesThatCouldOccurByChanceOrAreWrittenByMasking() {
        SampleFilter filter = new SampleFilter(List.of(rule(MaskAction.FIXED, "REDACTED-VALUE"), rule(MaskAction.NAME, null),
                rule(MaskAction.EMAIL, null)));
        assertThat(filter.pattern("abc")).isNull();
        assertThat(filter.pattern("******")).isNull();
        assertThat(filter.pattern("ababab")).isNull();
        assertThat(filter.pattern("12345678")).isNull();
        assertThat(filter.pattern("deadbeef-01")).isNull();
        assertThat(filter.pattern("REDACTED")).isNull();
        assertThat(filter.pattern("James Smith")).isNull();
        assertThat(filter.pattern("@example.com")).isNull();
        assertThat(filter.pattern("alice@corp.test")).isEqualTo("alice@corp.test".getBytes(StandardCharsets.UTF_8));
        assertThat(filter.pattern("4929111122223333")).isNotNull();
    }

    @Test
    void aLongValueIsSearchedByItsBeginning() {
        SampleFilter filter = new SampleFilter(List.of());
        String value = "é".repeat(600) + "xyz".repeat(2000);
        byte[] pattern = filter.pattern(value);
        assertThat(pattern.length).isLessThanOrEqualTo(SampleFilter.MAX_PATTERN_BYTES);
        assertThat(new String(pattern, StandardCharsets.UTF_8)).isEqualTo("é".repeat(512));
    }
}
