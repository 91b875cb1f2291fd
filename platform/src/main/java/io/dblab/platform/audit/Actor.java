package io.dblab.platform.audit;

/**
 * Who did something, as the audit log names them: a person's email (with their user ID, so the
 * person's organizations see it), an organization's token, or the Platform itself.
 */
public record Actor(String name, Long userId) {
    public static final Actor PLATFORM = new Actor("platform", null);

    public Actor {
        name = name == null || name.isBlank() ? "unknown" : name.length() > 300 ? name.substring(0, 300) : name;
    }
}
