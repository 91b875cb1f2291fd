package io.dblab.engine.error;

import java.nio.file.FileSystemException;

/** The reason of an error in words a person reads, without repeating the path the message already names. */
public final class ErrorText {
    private ErrorText() {}

    /** "Operation not permitted" rather than "/path/state.json.tmp: Operation not permitted". */
    public static String reason(Throwable e) {
        if (e instanceof FileSystemException fs && fs.getReason() != null) {
            return fs.getReason();
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
