package io.dblab.cli.demo;

import java.security.SecureRandom;

/**
 * Fresh random secrets for each demo run, so that a demo left running is not open to a token or
 * password someone could guess or copy from documentation.
 */
final class Secrets {
    /** Letters and digits only, so a secret can be pasted into a shell command without quoting. */
    private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    private Secrets() {}

    static String token() {
        return random(32);
    }

    /** About 140 bits of entropy, far above the 60 bits the engine requires of clone passwords. */
    static String password() {
        return random(24);
    }

    private static String random(int length) {
        StringBuilder secret = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            secret.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return secret.toString();
    }
}
