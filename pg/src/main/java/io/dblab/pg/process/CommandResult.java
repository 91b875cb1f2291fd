package io.dblab.pg.process;

/** Exit code, standard output and standard error of a finished command. */
public record CommandResult(int exitCode, String output, String errors) {
    public boolean ok() {
        return exitCode == 0;
    }

    /** What to show when the command failed: its errors, or its output when it wrote none. */
    public String diagnostics() {
        String text = (errors.isBlank() ? output : errors).strip();
        return text.length() <= 2000 ? text : "…" + text.substring(text.length() - 2000);
    }
}
