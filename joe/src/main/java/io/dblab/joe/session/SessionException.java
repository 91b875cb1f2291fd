package io.dblab.joe.session;

/** A session could not be made ready; the message is for the person and holds no data. */
public final class SessionException extends Exception {
    public SessionException(String message) {
        super(message);
    }

    public SessionException(String message, Throwable cause) {
        super(message, cause);
    }
}
