package io.dblab.serverkit.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Compares a presented token with the configured one in constant time. Only the configured token's
 * SHA-256 digest is kept; digests have a fixed length, so the comparison time depends neither on
 * where the tokens differ nor on the presented token's length.
 */
public final class TokenCheck {
    private final byte[] expected;

    public TokenCheck(String token) {
        this.expected = sha256(token == null ? "" : token);
    }

    public boolean matches(String presented) {
        return MessageDigest.isEqual(expected, sha256(presented == null ? "" : presented));
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
