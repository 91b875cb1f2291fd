package io.dblab.joe.redact;

/**
 * A failed statement of the person's, carrying only the redacted error. It has no cause on purpose:
 * the driver's exception holds DETAIL and CONTEXT, which would reach logs and stack traces.
 */
public final class RedactedSqlException extends Exception {
    private final transient RedactedError error;

    public RedactedSqlException(RedactedError error) {
        super(error.text(), null, false, false);
        this.error = error;
    }

    public RedactedError error() {
        return error;
    }
}
