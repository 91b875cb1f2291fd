package io.dblab.joe.guard;

/**
 * The clone's catalog could not be read to vouch for names: nothing computed in the clone can be shown
 * then. The message holds no server text beyond the SQLSTATE.
 */
public final class CatalogUnavailableException extends RuntimeException {
    public CatalogUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
