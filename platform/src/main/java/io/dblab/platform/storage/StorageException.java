package io.dblab.platform.storage;

import java.sql.SQLException;

/** A database operation that failed; the Platform answers 500 and logs it. */
public final class StorageException extends RuntimeException {
    private static final String UNIQUE_VIOLATION = "23505";

    public StorageException(String message, SQLException cause) {
        super(message + ": " + cause.getMessage(), cause);
    }

    /** Whether a unique constraint refused the change (a second user with the same email, say). */
    public boolean isUniqueViolation() {
        return getCause() instanceof SQLException e && UNIQUE_VIOLATION.equals(e.getSQLState());
    }
}
