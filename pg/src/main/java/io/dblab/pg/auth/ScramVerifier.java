package io.dblab.pg.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Computes the SCRAM-SHA-256 verifier PostgreSQL stores in pg_authid (RFC 5802/7677), so that a
 * role can be created with {@code PASSWORD '<verifier>'}: the plaintext never reaches the server,
 * its logs or our state.
 */
public final class ScramVerifier {
    private static final int ITERATIONS = 4096;
    private static final int SALT_BYTES = 16;
    private static final SecureRandom RANDOM = new SecureRandom();

    private ScramVerifier() {}

    public static String compute(String password) {
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        return compute(password, salt, ITERATIONS);
    }

    static String compute(String password, byte[] salt, int iterations) {
        try {
            byte[] salted = saltedPassword(password, salt, iterations);
            byte[] clientKey = hmac(salted, "Client Key");
            byte[] storedKey = MessageDigest.getInstance("SHA-256").digest(clientKey);
            byte[] serverKey = hmac(salted, "Server Key");
            Base64.Encoder b64 = Base64.getEncoder();
            return "SCRAM-SHA-256$" + iterations + ":" + b64.encodeToString(salt) + "$"
                    + b64.encodeToString(storedKey) + ":" + b64.encodeToString(serverKey);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    /** A verifier for a random password nobody knows: to lock out a login role. */
    public static String unknowable() {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        return compute(Base64.getEncoder().encodeToString(secret));
    }

    public static boolean looksLikeVerifier(String value) {
        return value != null && value.matches("SCRAM-SHA-256\\$\\d+:[A-Za-z0-9+/=]+\\$[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+");
    }

    private static byte[] saltedPassword(String password, byte[] salt, int iterations)
            throws GeneralSecurityException {
        // PBKDF2 with HMAC-SHA-256 is SCRAM's Hi() function. PostgreSQL applies SASLprep first, which
        // leaves ASCII-only passwords unchanged; other passwords are used as their UTF-8 bytes, as
        // PostgreSQL itself does when SASLprep fails.
        PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, iterations, 256);
        return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
    }

    private static byte[] hmac(byte[] key, String message) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(message.getBytes(StandardCharsets.UTF_8));
    }
}
