package io.dblab.checkup.runner;

/** Not one of the given hosts could be connected to; the message lists why for each. */
public class NoHostReachedException extends RuntimeException {
    public NoHostReachedException(String message) {
        super(message);
    }
}
