package io.dblab.platform.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PasswordsTest {
    @Test
    void aSaltedSlowHashWithItsParameters() {
        String hash = Passwords.hash("correct horse battery");
        assertThat(hash).startsWith("pbkdf2-sha256$600000$").doesNotContain("correct horse");
        assertThat(Passwords.hash("correct horse battery")).as("a random salt").isNotEqualTo(hash);
        assertThat(Passwords.verify("correct horse battery", hash)).isTrue();
        assertThat(Passwords.verify("correct horse batterY", hash)).isFalse();
        assertThat(Passwords.needsRehash(hash)).isFalse();
    }

    @Test
    void weakerParametersStillVerifyAndAskForARehash() {
        String old = "pbkdf2-sha256$1000$c2FsdHNhbHRzYWx0c2FsdA$" + "AAAA";
        assertThat(Passwords.needsRehash(old)).isTrue();
        assertThat(Passwords.verify("anything", old)).isFalse();
        assertThat(Passwords.verify("anything", "md5$whatever")).isFalse();
    }

    @Test
    void generatedPasswordsAreLongEnough() {
        assertThat(Passwords.problem(Passwords.generate())).isNull();
        assertThat(Passwords.problem("short")).contains("at least 12");
    }
}
