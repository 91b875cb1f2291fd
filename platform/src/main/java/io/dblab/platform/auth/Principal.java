package io.dblab.platform.auth;

import io.dblab.platform.audit.Actor;

/**
 * Who makes a request: a signed-in person, a person's API token (acting as that person), or an
 * organization's API token ({@code organizationId} set: it acts in that organization alone, as a member).
 */
public record Principal(Long userId, String name, Long organizationId) {
    public static Principal user(long userId, String email) {
        return new Principal(userId, email, null);
    }

    public static Principal organizationToken(long organizationId, String prefix) {
        return new Principal(null, "token " + prefix, organizationId);
    }

    public boolean isUser() {
        return userId != null;
    }

    public Actor actor() {
        return new Actor(name, userId);
    }
}
