package io.dblab.platform.auth;

import java.util.Locale;
import java.util.Optional;

/** A person's role in an organization: owners and admins manage members and tokens; only owners make owners. */
public enum Role {
    OWNER, ADMIN, MEMBER;

    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Role of(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }

    /** The role a form or request names; empty for anything else. */
    public static Optional<Role> parse(String value) {
        for (Role role : values()) {
            if (role.value().equals(value)) {
                return Optional.of(role);
            }
        }
        return Optional.empty();
    }

    public boolean manages() {
        return this != MEMBER;
    }
}
