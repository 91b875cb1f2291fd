package io.dblab.platform.auth;

import io.dblab.platform.storage.Jdbc;
import io.dblab.platform.storage.RandomSecrets;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;

/**
 * Signed-in browsers, in the database (any instance serves any session): the cookie holds a random ID,
 * the table only its SHA-256, so a copy of the table signs nobody in. A session ends at sign-out,
 * after {@value #IDLE_HOURS} hours unused, or {@value #LIFETIME_HOURS} hours after sign-in.
 */
public final class WebSessions {
    public static final int IDLE_HOURS = 2;
    public static final int LIFETIME_HOURS = 12;
    private final Jdbc db;

    public WebSessions(Jdbc db) {
        this.db = db;
    }

    /** A new session's ID: fresh at every sign-in, so an ID someone knew before is worth nothing. */
    public String start(long userId) {
        String id = RandomSecrets.text(32);
        db.update("DELETE FROM web_sessions WHERE expires_at < now() OR last_seen_at < now() - interval '" + IDLE_HOURS
                + " hours'");
        db.update("INSERT INTO web_sessions (id_sha256, user_id, expires_at) VALUES (?, ?, now() + interval '"
                + LIFETIME_HOURS + " hours')", sha256(id), userId);
        return id;
    }

    /** The session's person while it is alive; using it keeps it alive (written at most once a minute). */
    public Optional<Principal> principal(String id) {
        byte[] hash = sha256(id);
        Optional<Principal> principal = db.one("SELECT u.id, u.email FROM web_sessions s JOIN users u ON u.id = s.user_id"
                        + " WHERE s.id_sha256 = ? AND s.expires_at > now() AND s.last_seen_at > now() - interval '"
                        + IDLE_HOURS + " hours'",
                row -> Principal.user(row.getLong("id"), row.getString("email")), hash);
        if (principal.isPresent()) {
            db.update("UPDATE web_sessions SET last_seen_at = now() WHERE id_sha256 = ? AND last_seen_at < now() - interval"
                    + " '1 minute'", hash);
        }
        return principal;
    }

    public void end(String id) {
        db.update("DELETE FROM web_sessions WHERE id_sha256 = ?", sha256(id));
    }

    public static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
