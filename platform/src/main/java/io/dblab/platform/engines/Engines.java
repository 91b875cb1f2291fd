package io.dblab.platform.engines;

import io.dblab.platform.auth.Refusal;
import io.dblab.platform.storage.Jdbc;
import io.dblab.platform.storage.SecretBox;
import io.dblab.platform.storage.StorageException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * The engines table: every lookup names the organization, so an engine of another one is simply not
 * found. An engine's token is sealed with the {@link SecretBox} under {@code engine:<id>:token} before
 * it reaches the database, and opened only to call the engine.
 */
public final class Engines {
    private static final String SELECT = "SELECT id, organization_id, name, kind, url, created_at FROM engines";
    private final Jdbc db;

    public Engines(Jdbc db) {
        this.db = db;
    }

    /** Registers an engine reached by URL; its token sealed in the same transaction as the row is made. */
    public Engine createUrl(long organizationId, String name, String url, String token, long createdBy, SecretBox secrets) {
        return unique(name, () -> db.transaction(tx -> {
            long id = tx.insert("INSERT INTO engines (organization_id, name, kind, url, created_by) VALUES (?, ?, 'url', ?, ?)",
                    organizationId, name, url, createdBy);
            tx.update("UPDATE engines SET token_sealed = ? WHERE id = ?", secrets.seal(token, context(id)), id);
            return new Engines(tx).byId(organizationId, id).orElseThrow();
        }));
    }

    /** Registers an engine that will dial in, with its first registration key ({@link RegistrationKeys#create}). */
    public RegistrationKeys.NewKey createTunnel(long organizationId, String name, long createdBy) {
        return unique(name, () -> db.transaction(tx -> {
            long id = tx.insert("INSERT INTO engines (organization_id, name, kind, created_by) VALUES (?, ?, 'tunnel', ?)",
                    organizationId, name, createdBy);
            return new RegistrationKeys(tx).create(new Engines(tx).byId(organizationId, id).orElseThrow(), createdBy);
        }));
    }

    public List<Engine> list(long organizationId) {
        return db.list(SELECT + " WHERE organization_id = ? ORDER BY lower(name), id", Engines::engine, organizationId);
    }

    public Optional<Engine> byId(long organizationId, long id) {
        return db.one(SELECT + " WHERE organization_id = ? AND id = ?", Engines::engine, organizationId, id);
    }

    /** The engine of a tunnel, whichever organization it belongs to (for the tunnel's own events). */
    public Optional<Engine> byTunnel(String tunnelId) {
        try {
            return db.one(SELECT + " WHERE id = ?", Engines::engine, Long.parseLong(tunnelId));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** The engine's token, opened; only for {@link EngineConnections}. */
    String token(Engine engine, SecretBox secrets) {
        String sealed = db.one("SELECT token_sealed FROM engines WHERE id = ?", row -> row.getString(1), engine.id())
                .orElseThrow(() -> Refusal.notFound("no such engine: " + engine.id()));
        return secrets.open(sealed, context(engine.id()));
    }

    public void remove(Engine engine) {
        db.update("DELETE FROM engines WHERE id = ? AND organization_id = ?", engine.id(), engine.organizationId());
    }

    private static String context(long engineId) {
        return "engine:" + engineId + ":token";
    }

    /** Runs an insert; a second engine of the same name in the organization is a 409, not a 500. */
    private static <T> T unique(String name, java.util.function.Supplier<T> insert) {
        try {
            return insert.get();
        } catch (StorageException e) {
            if (e.isUniqueViolation()) {
                throw Refusal.conflict("this organization has an engine named " + name + " already");
            }
            throw e;
        }
    }

    private static Engine engine(ResultSet row) throws SQLException {
        return new Engine(row.getLong("id"), row.getLong("organization_id"), row.getString("name"),
                Engine.Kind.valueOf(row.getString("kind").toUpperCase(java.util.Locale.ROOT)), row.getString("url"),
                Jdbc.instant(row, "created_at"));
    }
}
