package io.dblab.engine.clone;

import io.dblab.engine.error.BadRequestException;

/**
 * A clone's own idle limit ({@code maxIdleMinutes} in a clone request): it may only shorten the
 * engine's ({@code cloning.maxIdleMinutes}), so that nobody keeps a clone longer than the operator
 * allows; with no engine limit, any positive number of minutes.
 */
record IdleLimit(int engineMinutes) {

    /** The limit to record: null keeps the engine's. */
    Integer check(Integer requested) {
        if (requested == null) {
            return null;
        }
        if (requested < 1) {
            throw new BadRequestException("maxIdleMinutes must be >= 1, got " + requested);
        }
        if (engineMinutes > 0 && requested > engineMinutes) {
            throw new BadRequestException("maxIdleMinutes may not exceed the engine's cloning.maxIdleMinutes ("
                    + engineMinutes + "), got " + requested);
        }
        return requested;
    }
}
