package io.dblab.engine.api;

import io.dblab.serverkit.http.TokenCheck;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The tokens that make a request the Platform's (DESIGN.md point 1): {@code platform.controlToken}
 * and those the engine issues to its own Platform-facing code, such as the tunnel connector that
 * calls the API on loopback. Each is kept as a {@link TokenCheck} digest and every check compares with
 * all of them, in constant time.
 */
public final class ControlTokens {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int ISSUED_BYTES = 32;
    private final List<TokenCheck> tokens = new CopyOnWriteArrayList<>();

    /** {@code configured}: {@code platform.controlToken}; empty means none. */
    public ControlTokens(String configured) {
        if (configured != null && !configured.isBlank()) {
            tokens.add(new TokenCheck(configured));
        }
    }

    /**
     * A new random control token, valid until the engine stops; the engine hands it to its own
     * code only (it is never written or logged), so that what the tunnel brings in meets the same
     * enforcement as the Platform's direct requests.
     */
    public String issue() {
        byte[] bytes = new byte[ISSUED_BYTES];
        RANDOM.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        tokens.add(new TokenCheck(token));
        return token;
    }

    public boolean matches(String presented) {
        // no token matches an absent one: an empty TokenCheck would, so none is ever added
        if (presented == null || presented.isEmpty()) {
            return false;
        }
        boolean any = false;
        for (TokenCheck token : tokens) {
            any |= token.matches(presented); // no early exit: the time does not tell which token matched
        }
        return any;
    }
}
