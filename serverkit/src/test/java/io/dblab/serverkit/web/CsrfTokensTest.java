package io.dblab.serverkit.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class CsrfTokensTest {

    @Test
    void eachSessionHasItsOwnToken() {
        CsrfTokens tokens = new CsrfTokens();
        String token = tokens.tokenFor("session-one-aaaaaaaa");
        assertThat(tokens.matches("session-one-aaaaaaaa", token)).isTrue();
        assertThat(tokens.matches("session-two-aaaaaaaa", token)).isFalse();
        assertThat(tokens.matches("session-one-aaaaaaaa", null)).isFalse();
        assertThat(tokens.matches("session-one-aaaaaaaa", token.substring(1))).isFalse();
    }

    @Test
    void instancesWithTheSameKeyAgreeAndOthersDoNot() {
        byte[] key = new byte[32];
        Arrays.fill(key, (byte) 7);
        String token = new CsrfTokens(key).tokenFor("session-one-aaaaaaaa");
        assertThat(new CsrfTokens(key.clone()).matches("session-one-aaaaaaaa", token)).isTrue();
        assertThat(new CsrfTokens().matches("session-one-aaaaaaaa", token)).isFalse();
    }

    @Test
    void aShortKeyIsRefused() {
        assertThatThrownBy(() -> new CsrfTokens(new byte[16])).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("32 bytes");
    }
}
