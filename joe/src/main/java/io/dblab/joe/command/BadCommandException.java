package io.dblab.joe.command;

/** What the person typed is not a command Joe knows; the message says what would be. */
public final class BadCommandException extends Exception {
    public BadCommandException(String message) {
        super(message);
    }
}
