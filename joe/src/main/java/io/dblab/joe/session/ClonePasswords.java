package io.dblab.joe.session;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The password of a session's clone, derived from a secret key and the clone's own ID and salt:
 * HMAC-SHA-256, so each clone's password is as strong as the key and no two clones share one. Joe
 * never writes a password anywhere; with the same key (from {@code JOE_SESSION_KEY}) a restarted Joe
 * derives it again and can reconnect to the clones of its sessions. Without a configured key, a random
 * one lives in this process only, and sessions cannot outlive it.
 */
public final class ClonePasswords {
    private static final String ALGORITHM = "HmacSHA256";
    private static final SecureRandom RANDOM = new SecureRandom();
    private final byte[] key;
    private final boolean durable;

    private ClonePasswords(byte[] key, boolean durable) {
        this.key = key;
        this.durable = durable;
    }

    /** From the configured key; a blank one means a random key for this process alone. */
    public static ClonePasswords of(String configuredKey) {
        if (configuredKey == null || configuredKey.isBlank()) {
            byte[] random = new byte[32];
            RANDOM.nextBytes(random);
            return new ClonePasswords(random, false);
        }
        return new ClonePasswords(configuredKey.getBytes(StandardCharsets.UTF_8), true);
    }

    /** Whether a restarted Joe with the same configuration derives the same passwords. */
    public boolean durable() {
        return durable;
    }

    public String password(String cloneId, String salt) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(mac("clone password\0" + cloneId + "\0" + salt));
    }

    /** Names the key without revealing it, so that a restart can tell whether the key is still the same. */
    public String keyId() {
        return HexFormat.of().formatHex(mac("key id")).substring(0, 16);
    }

    /** A fresh random salt or token, URL-safe. */
    public static String randomToken() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private byte[] mac(String message) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(key, ALGORITHM));
            return mac.doFinal(("dblab-joe\0" + message).getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA-256 is not available", e);
        }
    }
}
