package io.dblab.joe.guard;

/** Where a text shown to the person comes from, which decides how its literals and numbers are judged. */
public enum Origin {
    /**
     * Made or changed in the session, or computed by the server for the person's statement (a plan):
     * a literal or number in it may be data, and is shown only if the person wrote it.
     */
    SESSION,
    /**
     * A catalog row from before the session (the production schema's own defaults, checks, view
     * definitions, comments): its literals and numbers are metadata. Names in it are still checked,
     * since the server prints the current name of whatever the row refers to.
     */
    BASELINE
}
