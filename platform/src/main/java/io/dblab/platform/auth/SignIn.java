package io.dblab.platform.auth;

import io.dblab.platform.audit.Actor;
import io.dblab.platform.audit.Audit;
import io.dblab.platform.audit.AuditEvent;
import io.dblab.platform.storage.Jdbc;
import java.util.Optional;

/**
 * Checks a person's email and password, with the attempts rate-limited in the database (so every
 * instance counts them together): at most {@value #FAILURES_PER_EMAIL} failures per email since its
 * last success and {@value #FAILURES_PER_ADDRESS} per source address, each within
 * {@value #WINDOW_MINUTES} minutes. Every attempt is audited, refused ones too.
 */
public final class SignIn {
    public static final int FAILURES_PER_EMAIL = 5;
    public static final int FAILURES_PER_ADDRESS = 20;
    public static final int WINDOW_MINUTES = 15;
    private static final String WINDOW = "now() - interval '" + WINDOW_MINUTES + " minutes'";
    private final Jdbc db;
    private final Users users;
    private final Audit audit;

    public SignIn(Jdbc db, Users users, Audit audit) {
        this.db = db;
        this.users = users;
        this.audit = audit;
    }

    /** The signed-in user; a {@link Refusal}: 401 for a wrong email or password, 429 past the limits. */
    public Users.User check(String email, String password, String sourceAddress) {
        String normalized = Users.normalize(email);
        Optional<Users.User> user = normalized.isEmpty() ? Optional.empty() : users.byEmail(normalized);
        Actor actor = new Actor(normalized.isEmpty() ? "(no email)" : normalized, user.map(Users.User::id).orElse(null));
        AuditEvent event = AuditEvent.of(actor, "signin").from(sourceAddress);
        if (limited(normalized, sourceAddress)) {
            audit.record(event.result(AuditEvent.Result.DENIED).detail("reason", "too many failed sign-ins"));
            throw Refusal.tooManyRequests("Too many failed sign-ins for this email or from this address. Wait "
                    + WINDOW_MINUTES + " minutes, then try again.");
        }
        boolean ok;
        if (user.isPresent() && password != null) {
            ok = Passwords.verify(password, user.get().passwordHash());
        } else {
            Passwords.verifyDecoy(password == null ? "" : password);
            ok = false;
        }
        db.update("INSERT INTO sign_in_attempts (email, source_address, succeeded) VALUES (?, ?, ?)", normalized,
                sourceAddress, ok);
        if (!ok) {
            audit.record(event.result(AuditEvent.Result.FAILED).detail("reason", "wrong email or password"));
            throw Refusal.unauthorized("Wrong email or password.");
        }
        if (Passwords.needsRehash(user.get().passwordHash())) {
            users.setPasswordHash(user.get().id(), Passwords.hash(password));
        }
        audit.record(event);
        forgetOldAttempts();
        return user.get();
    }

    private boolean limited(String email, String sourceAddress) {
        long byEmail = db.one("SELECT count(*) AS n FROM sign_in_attempts WHERE email = ? AND NOT succeeded AND at > "
                + "greatest(" + WINDOW + ", (SELECT max(at) FROM sign_in_attempts WHERE email = ? AND succeeded))",
                row -> row.getLong("n"), email, email).orElse(0L);
        long byAddress = db.one("SELECT count(*) AS n FROM sign_in_attempts WHERE source_address = ? AND NOT succeeded"
                + " AND at > " + WINDOW, row -> row.getLong("n"), sourceAddress).orElse(0L);
        return byEmail >= FAILURES_PER_EMAIL || byAddress >= FAILURES_PER_ADDRESS;
    }

    private void forgetOldAttempts() {
        db.update("DELETE FROM sign_in_attempts WHERE at < now() - interval '1 day'");
    }
}
