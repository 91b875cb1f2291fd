package io.dblab.cli.demo;

/** Failure text for the demo's output. */
final class Messages {
    private Messages() {}

    /** The exception's message, or its class name when it has none (a bare NullPointerException, say). */
    static String of(Throwable e) {
        return e.getMessage() == null || e.getMessage().isBlank() ? e.toString() : e.getMessage();
    }
}
