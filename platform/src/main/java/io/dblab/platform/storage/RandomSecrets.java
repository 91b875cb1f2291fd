package io.dblab.platform.storage;

import java.security.SecureRandom;
import java.util.Base64;

/** Random bytes for keys, and random text for session IDs, tokens and passwords. */
public final class RandomSecrets {
    private static final SecureRandom RANDOM = new SecureRandom();

    private RandomSecrets() {}

    public static byte[] bytes(int count) {
        byte[] bytes = new byte[count];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    /** {@code count} random bytes as URL-safe base64 without padding (43 characters for 32 bytes). */
    public static String text(int count) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes(count));
    }
}
