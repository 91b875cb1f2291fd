package io.dblab.engine.retrieval;

import io.dblab.engine.schedule.AlertRaised;

/** Retrieval stopped; the previous snapshots stay in service. Its thrower has set status failed and raised refresh_failed. */
public class RetrievalFailedException extends RuntimeException implements AlertRaised {
    public RetrievalFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
