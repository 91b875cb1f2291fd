package io.dblab.platform.engines;

import io.dblab.platform.storage.Jdbc;
import io.dblab.platform.storage.RandomSecrets;
import java.time.Duration;
import java.util.Optional;

/**
 * Which Platform instance holds which engine's tunnel, in the database, so every instance can tell
 * "connected" from "down" for any engine. An instance renews its {@code seen_at} every
 * {@link #HEARTBEAT}; the presence rows of one not seen for {@link #STALE} (it crashed) no longer count.
 */
public final class TunnelPresence {
    public static final Duration HEARTBEAT = Duration.ofSeconds(5);
    static final Duration STALE = Duration.ofSeconds(30);
    private final Jdbc db;
    private final String instanceId = "platform-" + RandomSecrets.text(6);
    private volatile String relayUrl;

    /** Where an engine's tunnel is attached now. */
    public record Holder(String instanceId, String relayUrl, String engineVersion, java.time.Instant connectedAt) {
    }

    public TunnelPresence(Jdbc db) {
        this.db = db;
    }

    public String instanceId() {
        return instanceId;
    }

    /**
     * Registers this instance with the address the others relay to (null: none), and forgets instances
     * long gone (their presence rows go with them).
     */
    public void start(String relayUrl) {
        this.relayUrl = relayUrl;
        db.update("DELETE FROM platform_instances WHERE seen_at < now() - make_interval(secs => ?)", (double) STALE.toSeconds() * 10);
        heartbeat();
    }

    /** Renews this instance's row (made again if another instance forgot it while this one was unreachable). */
    public void heartbeat() {
        db.update("INSERT INTO platform_instances (id, relay_url) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET seen_at = now()",
                instanceId, relayUrl);
    }

    /** This instance stops: its tunnels are gone with it. */
    public void stop() {
        db.update("DELETE FROM platform_instances WHERE id = ?", instanceId);
    }

    public void connected(long engineId, String engineVersion) {
        db.update("INSERT INTO tunnel_presence (engine_id, instance_id, engine_version) VALUES (?, ?, ?) ON CONFLICT (engine_id)"
                + " DO UPDATE SET instance_id = excluded.instance_id, engine_version = excluded.engine_version,"
                + " connected_at = now()", engineId, instanceId, engineVersion == null ? "" : engineVersion);
    }

    /** Forgets the engine's tunnel, unless another instance took it over meanwhile. */
    public void disconnected(long engineId) {
        db.update("DELETE FROM tunnel_presence WHERE engine_id = ? AND instance_id = ?", engineId, instanceId);
    }

    public Optional<Holder> holder(long engineId) {
        return db.one("SELECT p.instance_id, i.relay_url, p.engine_version, p.connected_at FROM tunnel_presence p"
                        + " JOIN platform_instances i ON i.id = p.instance_id"
                        + " WHERE p.engine_id = ? AND i.seen_at > now() - make_interval(secs => ?)",
                row -> new Holder(row.getString("instance_id"), row.getString("relay_url"), row.getString("engine_version"),
                        Jdbc.instant(row, "connected_at")),
                engineId, (double) STALE.toSeconds());
    }
}
