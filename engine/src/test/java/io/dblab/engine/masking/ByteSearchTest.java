package io.dblab.engine.masking;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ByteSearchTest {
    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static boolean found(List<byte[]> patterns, byte[] data) throws IOException {
        return new ByteSearch(patterns).foundIn(new ByteArrayInputStream(data));
    }

    @Test
    void findsAPatternAnywhereIncludingAcrossReadBuffers() throws IOException {
        byte[] pattern = bytes("secret-value-42");
        byte[] data = new byte[3 * (1 << 20) + 77];
        new Random(1).nextBytes(data);
        // Around every buffer boundary, at the very start and at the very end.
        for (int at : new int[] {0, (1 << 20) - 7, (1 << 20) + pattern.length - 1, 2 * (1 << 20) - 1, data.length - pattern.length}) {
            byte[] copy = data.clone();
            System.arraycopy(pattern, 0, copy, at, pattern.length);
            assertThat(found(List.of(bytes("other-pattern"), pattern), copy)).as("at %d", at).isTrue();
        }
        assertThat(found(List.of(pattern), data)).isFalse();
    }

    @Test
    void aPartialMatchIsNoMatch() throws IOException {
        assertThat(found(List.of(bytes("secret-value")), bytes("xxsecret-valuXX"))).isFalse();
        assertThat(found(List.of(bytes("secret-value")), bytes("secret-valu"))).isFalse();
        assertThat(found(List.of(bytes("abcdef")), bytes("abcdef"))).isTrue();
        assertThat(found(List.of(bytes("abcdXX"), bytes("abcdef")), bytes("..abcdef.."))).isTrue();
    }

    @Test
    void noPatternsFindNothing() throws IOException {
        assertThat(found(List.of(), bytes("anything"))).isFalse();
    }
}
