package io.dblab.engine.error;

/** The caller asked for something invalid or impossible now: HTTP 400 with this message. */
public class BadRequestException extends RuntimeException {
    public BadRequestException(String message) {
        super(message);
    }
}
