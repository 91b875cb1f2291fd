package io.dblab.engine.error;

/** The named clone, snapshot or branch does not exist: HTTP 404 with this message. */
public class NotFoundException extends RuntimeException {
    public NotFoundException(String message) {
        super(message);
    }
}
