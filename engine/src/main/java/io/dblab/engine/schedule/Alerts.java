package io.dblab.engine.schedule;

/**
 * Where background work reports trouble an operator must see: alerts by type, each with a level
 * ({@code error}, {@code warning}), a message, when it was last seen and how often; the engine serves
 * them in {@code GET /status} and {@code GET /instance/retrieval}.
 */
public interface Alerts {

    /** Raises the alert, or counts it again when it stands already. */
    void alert(String type, String level, String message);

    /** Drops the alert: its cause is gone. */
    void clearAlert(String type);
}
