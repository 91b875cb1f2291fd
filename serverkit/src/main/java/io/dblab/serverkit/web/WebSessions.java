package io.dblab.serverkit.web;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A single server's signed-in sessions of its web page, in memory (Joe's chat page, the engine's UI):
 * a random ID (the {@link SessionCookie}'s value) and when it was last used. Only a person who presented
 * the server's token gets one, so strangers cannot fill this; a session unused for {@link #IDLE} ends,
 * and past {@link #KEPT} the least recently used does. A restart of the server ends them all: people
 * sign in again.
 */
final class WebSessions {
    static final Duration IDLE = Duration.ofHours(8);
    static final int KEPT = 1000;
    private static final SecureRandom RANDOM = new SecureRandom();
    private final Clock clock;
    private final Map<String, Instant> lastUsed = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Instant> eldest) {
            return size() > KEPT;
        }
    };

    WebSessions(Clock clock) {
        this.clock = clock;
    }

    /** A random session ID (128 bits, URL-safe): for the session of a browser that has not signed in yet, too. */
    static String randomId() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** A new signed-in session; a fresh ID, so that an ID someone knew before the sign-in is worth nothing. */
    synchronized String signIn() {
        String id = randomId();
        lastUsed.put(id, clock.instant());
        return id;
    }

    /** Whether the ID is a live signed-in session; using it keeps it alive. */
    synchronized boolean signedIn(String id) {
        Instant last = lastUsed.get(id);
        if (last == null) {
            return false;
        }
        Instant now = clock.instant();
        if (Duration.between(last, now).compareTo(IDLE) > 0) {
            lastUsed.remove(id);
            return false;
        }
        lastUsed.put(id, now);
        return true;
    }

    synchronized void signOut(String id) {
        lastUsed.remove(id);
    }
}
