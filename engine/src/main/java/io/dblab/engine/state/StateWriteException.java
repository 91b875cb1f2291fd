package io.dblab.engine.state;

import java.io.IOException;
import java.io.UncheckedIOException;

/** The state file could not be written; the change it carried was not made, in memory either. */
public final class StateWriteException extends UncheckedIOException {
    public StateWriteException(String message, IOException cause) {
        super(message, cause);
    }
}
