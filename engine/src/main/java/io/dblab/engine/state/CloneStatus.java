package io.dblab.engine.state;

/**
 * A clone's state, with the reference's status codes (the API's {@code status.code}). The
 * reference's {@code EXPORTING} belongs to its observation sessions, which this engine does not have.
 * Changes go through {@link CloneStateMachine} only.
 */
public enum CloneStatus {
    CREATING("being created"),
    OK("ready"),
    RESETTING("being reset"),
    DELETING("being deleted"),
    FATAL("failed");

    private final String meaning;

    CloneStatus(String meaning) {
        this.meaning = meaning;
    }

    /** What the state means, for messages: "being deleted". */
    public String meaning() {
        return meaning;
    }
}
