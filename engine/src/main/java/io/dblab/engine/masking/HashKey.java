package io.dblab.engine.masking;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * The secret of the keyed hashes, prepared for HMAC-SHA256 (RFC 2104) computed inside PostgreSQL
 * with the built-in {@code sha256()}, so restored databases need no pgcrypto:
 * {@code sha256(opad || sha256(ipad || message))}. Only the two padded keys travel to the server,
 * as settings of the masking session's startup packet (never in SQL text, which a log could keep).
 */
public final class HashKey {
    /** Shorter keys could be found by trying guesses against published hashes. */
    public static final int MIN_LENGTH = 16;
    private static final int BLOCK = 64;
    private final byte[] inner;
    private final byte[] outer;

    private HashKey(byte[] key) {
        byte[] block = Arrays.copyOf(key.length > BLOCK ? sha256(key) : key, BLOCK);
        inner = new byte[BLOCK];
        outer = new byte[BLOCK];
        for (int i = 0; i < BLOCK; i++) {
            inner[i] = (byte) (block[i] ^ 0x36);
            outer[i] = (byte) (block[i] ^ 0x5c);
        }
        Arrays.fill(block, (byte) 0);
    }

    /** The key is the UTF-8 bytes of the text (the value of the environment variable). */
    public static HashKey of(String secret) {
        return new HashKey(secret.getBytes(StandardCharsets.UTF_8));
    }

    String innerHex() {
        return HexFormat.of().formatHex(inner);
    }

    String outerHex() {
        return HexFormat.of().formatHex(outer);
    }

    /** The SQL expression of the keyed hash of a text expression, as 64 lowercase hex digits. */
    static String hexHmacSql(String textExpression) {
        return "encode(sha256(decode(current_setting('dblab.mask_outer'), 'hex') || sha256(decode(current_setting("
                + "'dblab.mask_inner'), 'hex') || convert_to(" + textExpression + ", 'UTF8'))), 'hex')";
    }

    @Override
    public String toString() {
        return "HashKey[redacted]";
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
