package io.dblab.pg.process;

/** Exit code and combined output of a finished command. */
public record CommandResult(int exitCode, String output) {
    public boolean ok() {
        return exitCode == 0;
    }
}
