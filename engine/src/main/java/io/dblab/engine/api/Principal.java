package io.dblab.engine.api;

/** Who sent a request, as the token it presented tells; the audit log names it as {@code <actor>@<address>}. */
enum Principal {
    /** {@code server.verificationToken} (or no token where none is needed): every endpoint. */
    OPERATOR("api"),
    /** A control token: only the operations in {@code ControlOperations}. */
    PLATFORM("platform");

    private final String actor;

    Principal(String actor) {
        this.actor = actor;
    }

    String actorAt(String address) {
        return actor + "@" + address;
    }
}
