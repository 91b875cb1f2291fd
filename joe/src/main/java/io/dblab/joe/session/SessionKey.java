package io.dblab.joe.session;

/** A session is one person's in one channel. */
public record SessionKey(String user, String channel) {
    public SessionKey {
        if (user == null || user.isBlank() || channel == null || channel.isBlank()) {
            throw new IllegalArgumentException("a session needs a user and a channel");
        }
    }
}
