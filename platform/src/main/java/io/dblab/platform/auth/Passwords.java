package io.dblab.platform.auth;

import io.dblab.platform.storage.RandomSecrets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Password hashes: PBKDF2-HMAC-SHA256 from the JDK, slow on purpose ({@value #ITERATIONS} iterations,
 * OWASP's figure) with a random 16-byte salt, stored as {@code pbkdf2-sha256$<iterations>$<salt>$<hash>}.
 * The parameters travel with the hash, so raising them later re-hashes a password at its next sign-in
 * ({@link #needsRehash}).
 */
public final class Passwords {
    public static final int ITERATIONS = 600_000;
    public static final int MIN_LENGTH = 12;
    private static final String SCHEME = "pbkdf2-sha256";
    private static final int SALT_BYTES = 16;
    private static final int HASH_BITS = 256;
    /** Verified when the email is unknown, so a sign-in takes as long whether or not the person exists. */
    private static final String DECOY = hash("decoy-password-for-unknown-emails");

    private Passwords() {}

    public static String hash(String password) {
        byte[] salt = RandomSecrets.bytes(SALT_BYTES);
        return SCHEME + "$" + ITERATIONS + "$" + b64(salt) + "$" + b64(derive(password, salt, ITERATIONS));
    }

    public static boolean verify(String password, String stored) {
        String[] parts = stored.split("\\$");
        if (parts.length != 4 || !parts[0].equals(SCHEME)) {
            return false;
        }
        byte[] expected = Base64.getDecoder().decode(parts[3]);
        byte[] actual = derive(password, Base64.getDecoder().decode(parts[2]), Integer.parseInt(parts[1]));
        return MessageDigest.isEqual(expected, actual);
    }

    /** Spends the time of one verification, for a sign-in with an unknown email. */
    public static void verifyDecoy(String password) {
        verify(password, DECOY);
    }

    public static boolean needsRehash(String stored) {
        String[] parts = stored.split("\\$");
        return parts.length != 4 || !parts[0].equals(SCHEME) || Integer.parseInt(parts[1]) < ITERATIONS;
    }

    /** A new password made for a person (shown once): 18 random bytes, 24 characters. */
    public static String generate() {
        return RandomSecrets.text(18);
    }

    /** Null when the password will do, else what is wrong with it. */
    public static String problem(String password) {
        if (password == null || password.length() < MIN_LENGTH) {
            return "a password needs at least " + MIN_LENGTH + " characters";
        }
        return password.length() > 1024 ? "a password may have at most 1024 characters" : null;
    }

    private static byte[] derive(String password, byte[] salt, int iterations) {
        PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, iterations, HASH_BITS);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is not available", e);
        } finally {
            spec.clearPassword();
        }
    }

    private static String b64(byte[] bytes) {
        return Base64.getEncoder().withoutPadding().encodeToString(bytes);
    }
}
