package io.dblab.engine.retrieval;

/** Retrieval stopped; the previous snapshots stay in service. */
public class RetrievalFailedException extends RuntimeException {
    public RetrievalFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
