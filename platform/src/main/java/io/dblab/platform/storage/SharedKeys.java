package io.dblab.platform.storage;

/**
 * Keys every Platform instance on the database shares (the CSRF key): the first instance that asks
 * makes one, every later one reads it, so a form made by one instance is accepted by another.
 */
public final class SharedKeys {
    public static final String CSRF = "csrf-hmac";
    private final Jdbc db;

    public SharedKeys(Jdbc db) {
        this.db = db;
    }

    public byte[] get(String name, int length) {
        // two instances starting at once: one insert wins, both read the winner's key
        db.update("INSERT INTO shared_keys (name, key) VALUES (?, ?) ON CONFLICT (name) DO NOTHING", name,
                RandomSecrets.bytes(length));
        return db.one("SELECT key FROM shared_keys WHERE name = ?", row -> row.getBytes("key"), name).orElseThrow();
    }
}
