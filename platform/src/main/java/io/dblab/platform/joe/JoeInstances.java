package io.dblab.platform.joe;

import io.dblab.platform.auth.Refusal;
import io.dblab.platform.storage.Jdbc;
import io.dblab.platform.storage.SecretBox;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The Joe instances of each organization. A Joe registers itself (again at each start) by name; the token
 * the Platform calls its command API with is kept sealed with the secrets key, bound to the instance's
 * organization and name, so a sealed value moved to another row does not open.
 */
public final class JoeInstances {
    private final Jdbc db;
    private final Optional<SecretBox> secrets;

    public record Instance(long id, long organizationId, String name, String url, Instant registeredAt, Instant lastSeenAt) {
    }

    public JoeInstances(Jdbc db, Optional<SecretBox> secrets) {
        this.db = db;
        this.secrets = secrets;
    }

    /** Registers a Joe, or renews its registration (address and token) under the same name; returns its ID. */
    public long register(long organizationId, String name, String url, String token, String registeredBy) {
        String trimmed = name == null ? "" : name.strip();
        if (trimmed.isEmpty() || trimmed.length() > 100) {
            throw Refusal.badRequest("a Joe needs a name of 1 to 100 characters");
        }
        if (!isHttpUrl(url)) {
            throw Refusal.badRequest("url must be the http:// or https:// address of Joe's API");
        }
        if (token == null || token.isBlank() || token.length() > 200) {
            throw Refusal.badRequest("token must be the token of Joe's command API (1 to 200 characters)");
        }
        String sealed = box().seal(token, context(organizationId, trimmed));
        return db.one("INSERT INTO joe_instances (organization_id, name, url, token_sealed, registered_by) VALUES (?, ?, ?, ?, ?)"
                        + " ON CONFLICT (organization_id, name) DO UPDATE SET url = excluded.url, token_sealed = excluded.token_sealed,"
                        + " registered_by = excluded.registered_by, registered_at = now(), last_seen_at = now() RETURNING id",
                row -> row.getLong("id"), organizationId, trimmed, url, sealed, registeredBy).orElseThrow();
    }

    public List<Instance> list(long organizationId) {
        return db.list(SELECT + " WHERE organization_id = ? ORDER BY name", JoeInstances::instance, organizationId);
    }

    /** The organization's instance; 404 for one of another organization or none. */
    public Instance get(long organizationId, long id) {
        return db.one(SELECT + " WHERE organization_id = ? AND id = ?", JoeInstances::instance, organizationId, id)
                .orElseThrow(() -> Refusal.notFound("no such Joe instance: " + id));
    }

    /** The token to call the instance's command API with. */
    public String token(Instance instance) {
        String sealed = db.one("SELECT token_sealed FROM joe_instances WHERE id = ?", row -> row.getString(1), instance.id())
                .orElseThrow(() -> Refusal.notFound("no such Joe instance: " + instance.id()));
        try {
            return box().open(sealed, context(instance.organizationId(), instance.name()));
        } catch (IllegalArgumentException e) {
            throw Refusal.conflict("Joe '" + instance.name() + "' was registered under another secrets key;"
                    + " restart that Joe so that it registers again");
        }
    }

    private SecretBox box() {
        return secrets.orElseThrow(() -> Refusal.conflict("the Platform has no secrets key (secrets.keyEnv, by default"
                + " DBLAB_PLATFORM_KEY), so it cannot keep Joe's token; set it and restart the Platform"));
    }

    public void seen(long id) {
        db.update("UPDATE joe_instances SET last_seen_at = now() WHERE id = ?", id);
    }

    private static final String SELECT = "SELECT id, organization_id, name, url, registered_at, last_seen_at FROM joe_instances";

    private static Instance instance(java.sql.ResultSet row) throws java.sql.SQLException {
        return new Instance(row.getLong("id"), row.getLong("organization_id"), row.getString("name"), row.getString("url"),
                Jdbc.instant(row, "registered_at"), Jdbc.instant(row, "last_seen_at"));
    }

    private static String context(long organizationId, String name) {
        return "joe-instance:" + organizationId + ":" + name;
    }

    private static boolean isHttpUrl(String url) {
        if (url == null || url.length() > 2000) {
            return false;
        }
        try {
            URI uri = new URI(url);
            return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null;
        } catch (URISyntaxException e) {
            return false;
        }
    }
}
