package io.dblab.checkup.runner;

import java.sql.SQLException;

/** Opens the checkup session to a host; {@code name} is the host's name in the report. */
@FunctionalInterface
public interface SessionOpener {
    PgSession open(ConnTarget target, String name) throws SQLException;

    /**
     * Sessions with passwords from PGPASSWORD or the password file, and only from there: when
     * neither has one, an empty password is sent (so the driver does not look elsewhere) and a
     * failure says that no password was found.
     */
    static SessionOpener withPasswords(Passwords passwords) {
        return (target, name) -> {
            java.util.Optional<String> password = passwords.forTarget(target);
            try {
                return PgSession.open(target, name, java.util.Optional.of(password.orElse("")));
            } catch (SQLException e) {
                if (password.isPresent()) {
                    throw e;
                }
                throw new SQLException(SqlErrors.describe(e) + " (no password for " + target.user()
                        + " in PGPASSWORD or the password file)", e.getSQLState(), e);
            }
        };
    }
}
