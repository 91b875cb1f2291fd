package io.dblab.joe.session;

import java.time.Instant;

/**
 * What Joe keeps of a session across its own restarts: whose it is, which clone it works on, and what
 * lets Joe find its way back to that clone. No password: {@code salt} and the key give it again (see
 * {@link ClonePasswords}), {@code keyId} tells whether the key is still the one it was made with, and
 * {@code marker} is written into the clone when Joe prepares it, so a clone reset behind Joe's back
 * (which loses the marker) is noticed.
 */
public record SessionRecord(String user, String channel, String engine, String database, String cloneId,
                            String salt, String keyId, String marker, Instant createdAt, Instant lastUsed) {
    public SessionKey key() {
        return new SessionKey(user, channel);
    }

    public SessionRecord usedAt(Instant when) {
        return new SessionRecord(user, channel, engine, database, cloneId, salt, keyId, marker, createdAt, when);
    }

    public SessionRecord withMarker(String newMarker) {
        return new SessionRecord(user, channel, engine, database, cloneId, salt, keyId, newMarker, createdAt, lastUsed);
    }
}
