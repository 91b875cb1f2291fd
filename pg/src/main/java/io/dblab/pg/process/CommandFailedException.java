package io.dblab.pg.process;

/** A command exited non-zero or did not finish in time; the message carries its output tail. */
public class CommandFailedException extends RuntimeException {
    private final int exitCode;

    public CommandFailedException(String message, int exitCode) {
        super(message);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
