package io.dblab.platform.auth;

import io.dblab.platform.storage.Jdbc;
import io.dblab.platform.storage.RandomSecrets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * API tokens ({@code Authorization: Bearer dbp_…}), a person's (acting as that person) or an
 * organization's (acting in it alone). A token is shown once, when made; the table keeps its SHA-256
 * and a short prefix to recognise it by. A token's 256 random bits make looking it up by its hash safe:
 * no guess comes near, and the lookup's timing says nothing about the token.
 */
public final class ApiTokens {
    public static final String PREFIX = "dbp_";
    /** How much of a token is kept in clear and shown in lists: the marker and 8 characters. */
    static final int VISIBLE = PREFIX.length() + 8;
    public static final int MAX_DAYS = 365;
    private final Jdbc db;

    /** Whose a token is: exactly one of the two is set. */
    public record Owner(Long userId, Long organizationId) {
        public static Owner user(long id) {
            return new Owner(id, null);
        }

        public static Owner organization(long id) {
            return new Owner(null, id);
        }
    }

    public record Token(long id, String name, String prefix, Instant createdAt, Instant expiresAt, Instant revokedAt,
                        Instant lastUsedAt) {
        public String state(Instant now) {
            return revokedAt != null ? "revoked" : expiresAt.isBefore(now) ? "expired" : "active";
        }
    }

    /** A token just made: {@code secret} is shown to its maker once and kept nowhere. */
    public record NewToken(Token token, String secret) {
    }

    public ApiTokens(Jdbc db) {
        this.db = db;
    }

    public NewToken create(Owner owner, String name, int days, long createdBy) {
        String trimmed = name == null ? "" : name.strip();
        if (trimmed.isEmpty() || trimmed.length() > 100) {
            throw Refusal.badRequest("a token needs a name of 1 to 100 characters");
        }
        if (days < 1 || days > MAX_DAYS) {
            throw Refusal.badRequest("a token expires after 1 to " + MAX_DAYS + " days");
        }
        String secret = PREFIX + RandomSecrets.text(32);
        long id = db.insert("INSERT INTO api_tokens (user_id, organization_id, name, prefix, sha256, created_by, expires_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?, now() + make_interval(days => ?))", owner.userId(), owner.organizationId(),
                trimmed, secret.substring(0, VISIBLE), WebSessions.sha256(secret), createdBy, days);
        return new NewToken(byId(owner, id).orElseThrow(), secret);
    }

    public List<Token> list(Owner owner) {
        return db.list(SELECT + " WHERE " + ownerClause(owner) + " ORDER BY created_at DESC, id DESC", ApiTokens::token,
                ownerId(owner));
    }

    public Optional<Token> byId(Owner owner, long id) {
        return db.one(SELECT + " WHERE " + ownerClause(owner) + " AND id = ?", ApiTokens::token, ownerId(owner), id);
    }

    /** Revokes the owner's token; 404 for a token of someone else. */
    public Token revoke(Owner owner, long id) {
        Token token = byId(owner, id).orElseThrow(() -> Refusal.notFound("no such token: " + id));
        db.update("UPDATE api_tokens SET revoked_at = now() WHERE id = ? AND revoked_at IS NULL", id);
        return token;
    }

    /** Who presents this token, if it is known, not revoked and not expired. */
    public Optional<Principal> authenticate(String secret) {
        if (secret == null || !secret.startsWith(PREFIX) || secret.length() > 100) {
            return Optional.empty();
        }
        byte[] hash = WebSessions.sha256(secret);
        Optional<Principal> principal = db.one("SELECT t.prefix, t.organization_id, u.id AS user_id, u.email FROM api_tokens t"
                        + " LEFT JOIN users u ON u.id = t.user_id"
                        + " WHERE t.sha256 = ? AND t.revoked_at IS NULL AND t.expires_at > now()",
                row -> {
                    String prefix = row.getString("prefix");
                    Long org = Jdbc.nullableLong(row, "organization_id");
                    return org != null ? Principal.organizationToken(org, prefix)
                            : new Principal(row.getLong("user_id"), row.getString("email"), null);
                }, hash);
        if (principal.isPresent()) {
            db.update("UPDATE api_tokens SET last_used_at = now() WHERE sha256 = ? AND (last_used_at IS NULL OR"
                    + " last_used_at < now() - interval '1 minute')", hash);
        }
        return principal;
    }

    private static final String SELECT = "SELECT id, name, prefix, created_at, expires_at, revoked_at, last_used_at FROM api_tokens";

    private static String ownerClause(Owner owner) {
        return owner.userId() != null ? "user_id = ?" : "organization_id = ?";
    }

    private static long ownerId(Owner owner) {
        return owner.userId() != null ? owner.userId() : owner.organizationId();
    }

    private static Token token(java.sql.ResultSet row) throws java.sql.SQLException {
        return new Token(row.getLong("id"), row.getString("name"), row.getString("prefix"), Jdbc.instant(row, "created_at"),
                Jdbc.instant(row, "expires_at"), Jdbc.instant(row, "revoked_at"), Jdbc.instant(row, "last_used_at"));
    }
}
