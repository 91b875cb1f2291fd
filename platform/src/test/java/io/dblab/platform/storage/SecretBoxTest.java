package io.dblab.platform.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import org.junit.jupiter.api.Test;

class SecretBoxTest {
    private final SecretBox box = new SecretBox(RandomSecrets.bytes(32));

    @Test
    void sealsAndOpensInItsContext() {
        String sealed = box.seal("engine-token-8c1f", "engine:1:token");
        assertThat(sealed).startsWith("v1:").doesNotContain("engine-token-8c1f");
        assertThat(box.open(sealed, "engine:1:token")).isEqualTo("engine-token-8c1f");
        assertThat(box.seal("engine-token-8c1f", "engine:1:token")).as("a fresh nonce each time").isNotEqualTo(sealed);
    }

    @Test
    void anotherKeyContextOrAlteredValueDoesNotOpen() {
        String sealed = box.seal("secret", "engine:1:token");
        assertThatThrownBy(() -> box.open(sealed, "engine:2:token")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("does not open");
        assertThatThrownBy(() -> new SecretBox(RandomSecrets.bytes(32)).open(sealed, "engine:1:token"))
                .isInstanceOf(IllegalArgumentException.class);
        byte[] bytes = Base64.getDecoder().decode(sealed.substring(3));
        bytes[bytes.length - 1] ^= 1;
        String altered = "v1:" + Base64.getEncoder().encodeToString(bytes);
        assertThatThrownBy(() -> box.open(altered, "engine:1:token")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> box.open("plain", "engine:1:token")).hasMessageContaining("not a sealed value");
    }

    @Test
    void theKeyComesAsBase64Of32Bytes() {
        byte[] key = RandomSecrets.bytes(32);
        String sealed = new SecretBox(key).seal("x", "c");
        assertThat(SecretBox.fromBase64(Base64.getEncoder().encodeToString(key) + "\n").open(sealed, "c")).isEqualTo("x");
        assertThatThrownBy(() -> SecretBox.fromBase64(Base64.getEncoder().encodeToString(new byte[16])))
                .hasMessageContaining("32 bytes").hasMessageContaining("openssl rand -base64 32");
        assertThatThrownBy(() -> SecretBox.fromBase64("not base64!")).hasMessageContaining("not base64");
    }
}
