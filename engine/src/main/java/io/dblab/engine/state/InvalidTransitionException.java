package io.dblab.engine.state;

import io.dblab.engine.error.BadRequestException;

/** An event the clone's current state does not allow: the API answers 400 with this message. */
public final class InvalidTransitionException extends BadRequestException {
    private final CloneStatus current;

    public InvalidTransitionException(String message, CloneStatus current) {
        super(message);
        this.current = current;
    }

    public CloneStatus current() {
        return current;
    }
}
