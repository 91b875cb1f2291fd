package io.dblab.platform.engines;

import io.dblab.platform.auth.WebSessions;
import io.dblab.platform.storage.Jdbc;
import io.dblab.platform.storage.RandomSecrets;
import io.dblab.tunnel.server.KeyVerifier;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The keys tunnel engines dial in with ({@code dbr_…}): shown once when made, kept as SHA-256 and a
 * prefix. 256 random bits make the lookup by hash safe, as for API tokens. This is the hub's
 * {@link KeyVerifier}: a live key opens its engine's tunnel, a revoked one nothing.
 */
public final class RegistrationKeys implements KeyVerifier {
    public static final String PREFIX = "dbr_";
    private static final int VISIBLE = PREFIX.length() + 8;
    private final Jdbc db;

    /** A key just made: {@code secret} is shown to the admin once and kept nowhere. */
    public record NewKey(Engine engine, String prefix, String secret) {
    }

    /** What the pages show of an engine's live key. */
    public record KeyInfo(String prefix, Instant createdAt) {
    }

    public RegistrationKeys(Jdbc db) {
        this.db = db;
    }

    NewKey create(Engine engine, long createdBy) {
        String secret = PREFIX + RandomSecrets.text(32);
        String prefix = secret.substring(0, VISIBLE);
        db.update("INSERT INTO registration_keys (engine_id, prefix, sha256, created_by) VALUES (?, ?, ?, ?)",
                engine.id(), prefix, WebSessions.sha256(secret), createdBy);
        return new NewKey(engine, prefix, secret);
    }

    @Override
    public Optional<String> verify(String presentedKey) {
        if (presentedKey == null || !presentedKey.startsWith(PREFIX) || presentedKey.length() > 100) {
            return Optional.empty();
        }
        return db.one("SELECT engine_id FROM registration_keys WHERE sha256 = ? AND revoked_at IS NULL",
                row -> Engine.tunnelId(row.getLong(1)), WebSessions.sha256(presentedKey));
    }

    public Optional<KeyInfo> live(Engine engine) {
        return db.one("SELECT prefix, created_at FROM registration_keys WHERE engine_id = ? AND revoked_at IS NULL",
                row -> new KeyInfo(row.getString("prefix"), Jdbc.instant(row, "created_at")), engine.id());
    }

    /** Revokes the engine's live key; the prefix of the key revoked, empty when it had none. */
    public Optional<String> revoke(Engine engine) {
        return db.one("UPDATE registration_keys SET revoked_at = now() WHERE engine_id = ? AND revoked_at IS NULL"
                + " RETURNING prefix", row -> row.getString(1), engine.id());
    }

    /** Which of these tunnels have no live key any more (revoked on another instance, or the engine removed). */
    public List<String> withoutLiveKey(Collection<String> tunnelIds) {
        List<Long> ids = tunnelIds.stream().map(Long::parseLong).toList();
        if (ids.isEmpty()) {
            return List.of();
        }
        List<Long> live = db.list("SELECT engine_id FROM registration_keys WHERE revoked_at IS NULL AND engine_id = ANY(?::bigint[])",
                row -> row.getLong(1), ids.stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(",", "{", "}")));
        return ids.stream().filter(id -> !live.contains(id)).map(Engine::tunnelId).toList();
    }
}
