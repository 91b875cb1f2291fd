package io.dblab.cli;

/** A command did its requests but the outcome is a failure (for example, a clone that ended FATAL). */
public class CommandFailedException extends RuntimeException {
    public CommandFailedException(String message) {
        super(message);
    }
}
