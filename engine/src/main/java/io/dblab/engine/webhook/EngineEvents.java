package io.dblab.engine.webhook;

/**
 * Where the clone, snapshot, branch and retrieval services report what happened. {@link #publish} must
 * return at once and never throw: it runs inside the operations it reports.
 */
@FunctionalInterface
public interface EngineEvents {
    /** For an engine (or a test's service) that sends no events anywhere. */
    EngineEvents NONE = event -> { };

    void publish(EngineEvent event);
}
