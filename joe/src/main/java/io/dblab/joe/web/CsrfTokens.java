package io.dblab.joe.web;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The chat page's CSRF tokens: HMAC-SHA-256 of the session's ID under a key Joe makes at start. Each
 * session, signed in or not yet, has its own token, which a form carries and every POST must present;
 * another site can neither read it nor compute it. Nothing is stored, so the sign-in form, which is
 * shown to anyone, costs Joe no memory.
 */
final class CsrfTokens {
    private static final String ALGORITHM = "HmacSHA256";
    private final SecretKeySpec key;

    CsrfTokens() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        key = new SecretKeySpec(bytes, ALGORITHM);
    }

    String tokenFor(String sessionId) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(sessionId.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Constant time, so the comparison tells nothing about how much of a guess was right. */
    boolean matches(String sessionId, String presented) {
        return presented != null && MessageDigest.isEqual(tokenFor(sessionId).getBytes(StandardCharsets.UTF_8),
                presented.getBytes(StandardCharsets.UTF_8));
    }
}
