package io.dblab.serverkit.web;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A web page's CSRF tokens: HMAC-SHA-256 of the session's ID under a server key. Each session, signed
 * in or not yet, has its own token, which a form carries and every POST must present; another site can
 * neither read it nor compute it. Nothing is stored per session, so the sign-in form, which is shown to
 * anyone, costs the server no memory. A server that runs as several instances gives them all the same
 * key (the Platform keeps it in its database); one that runs alone makes a random key at start.
 */
public final class CsrfTokens {
    private static final String ALGORITHM = "HmacSHA256";
    private final SecretKeySpec key;

    /** A random key, for a server that runs as one instance. */
    public CsrfTokens() {
        this(randomKey());
    }

    /** A key shared by the instances of one server; at least 32 bytes. */
    public CsrfTokens(byte[] key) {
        if (key.length < 32) {
            throw new IllegalArgumentException("a CSRF key needs at least 32 bytes, got " + key.length);
        }
        this.key = new SecretKeySpec(key.clone(), ALGORITHM);
    }

    private static byte[] randomKey() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return bytes;
    }

    public String tokenFor(String sessionId) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(sessionId.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Constant time, so the comparison tells nothing about how much of a guess was right. */
    public boolean matches(String sessionId, String presented) {
        return presented != null && MessageDigest.isEqual(tokenFor(sessionId).getBytes(StandardCharsets.UTF_8),
                presented.getBytes(StandardCharsets.UTF_8));
    }
}
