package io.dblab.serverkit;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;

/**
 * A reason a server cannot start that the operator can act on: what is wrong and what to do about
 * it, as one line ({@code <problem>; <fix>}). The command line shows that line alone and keeps the
 * stack trace for {@code --debug}; an exception of any other type at start is a bug.
 */
public class StartupException extends RuntimeException {
    private final String problem;
    private final String fix;

    public StartupException(String problem, String fix) {
        this(problem, fix, null);
    }

    public StartupException(String problem, String fix, Throwable cause) {
        super(oneLine(fix.isBlank() ? problem : problem + "; " + fix), cause);
        this.problem = oneLine(problem);
        this.fix = oneLine(fix);
    }

    /** What is wrong, such as {@code port 2345 (server.port) is in use}. */
    public String problem() {
        return problem;
    }

    /** What the operator does about it; empty when the problem names its own fix (a configuration key). */
    public String fix() {
        return fix;
    }

    /**
     * The operating system's reason for a failed file operation ({@code Read-only file system},
     * {@code Permission denied}), without Java's class name.
     */
    public static String reason(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "Permission denied";
        }
        if (e instanceof FileSystemException fs && fs.getReason() != null) {
            return fs.getReason();
        }
        if (e instanceof NoSuchFileException) {
            return "No such file or directory";
        }
        return String.valueOf(e.getMessage());
    }

    // Messages quote tools' output and values from the configuration, either of which may hold line
    // breaks; the command line's error and a log line must stay one line.
    private static String oneLine(String text) {
        return text.strip().replaceAll("\\s*\\R\\s*", " ");
    }
}
