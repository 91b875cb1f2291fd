package io.dblab.serverkit.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TokenCheckTest {
    @Test
    void acceptsOnlyTheSameToken() {
        TokenCheck check = new TokenCheck("s3cret-token");
        assertThat(check.matches("s3cret-token")).isTrue();
        assertThat(check.matches("s3cret-tokeN")).isFalse();
        assertThat(check.matches("s3cret-token ")).isFalse();
        assertThat(check.matches("")).isFalse();
        assertThat(check.matches(null)).isFalse();
    }

    @Test
    void anEmptyConfiguredTokenMatchesOnlyAMissingOrEmptyOne() {
        TokenCheck check = new TokenCheck(null);
        assertThat(check.matches(null)).isTrue();
        assertThat(check.matches("x")).isFalse();
    }
}
