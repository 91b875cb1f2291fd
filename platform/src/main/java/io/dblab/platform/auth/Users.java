package io.dblab.platform.auth;

import io.dblab.platform.storage.Jdbc;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/** People who can sign in: an email (unique, any case) and a password hash. */
public final class Users {
    private static final Pattern EMAIL = Pattern.compile("[^\\s@]+@[^\\s@]+");
    private final Jdbc db;

    public record User(long id, String email, String passwordHash) {
    }

    public Users(Jdbc db) {
        this.db = db;
    }

    /** An email as the Platform keeps and compares it: trimmed, lower case. */
    public static String normalize(String email) {
        return email == null ? "" : email.strip().toLowerCase(Locale.ROOT);
    }

    /** Null when the email will do, else what is wrong with it. */
    public static String problem(String email) {
        String normalized = normalize(email);
        if (normalized.length() < 3 || normalized.length() > 254 || !EMAIL.matcher(normalized).matches()) {
            return "an email address like name@example.com is needed";
        }
        return null;
    }

    public Optional<User> byEmail(String email) {
        return db.one("SELECT id, email, password_hash FROM users WHERE lower(email) = ?", Users::user, normalize(email));
    }

    public Optional<User> byId(long id) {
        return db.one("SELECT id, email, password_hash FROM users WHERE id = ?", Users::user, id);
    }

    /** A new user; a {@link Refusal} (409) when the email is taken. */
    public long create(String email, String password) {
        String problem = problem(email);
        if (problem != null) {
            throw Refusal.badRequest(problem);
        }
        if (byEmail(email).isPresent()) {
            throw Refusal.conflict("a user with the email " + normalize(email) + " exists already");
        }
        return db.insert("INSERT INTO users (email, password_hash) VALUES (?, ?)", normalize(email), Passwords.hash(password));
    }

    public void setPasswordHash(long id, String hash) {
        db.update("UPDATE users SET password_hash = ? WHERE id = ?", hash, id);
    }

    private static User user(java.sql.ResultSet row) throws java.sql.SQLException {
        return new User(row.getLong("id"), row.getString("email"), row.getString("password_hash"));
    }
}
