package io.dblab.cli.client;

import io.dblab.client.model.Clone;

/**
 * What {@code clone create} prints for a clone on a branch, in the reference CLI's layout: one
 * {@code Label:} line each for the id, branch, snapshot and connection string, values aligned.
 */
final class CreatedClone {
    private static final String[] LABELS = {"ID", "Branch", "Snapshot", "Connection string"};
    private static final int ALIGN = 2;

    private CreatedClone() {}

    /** The lines, each ending in a newline (the reference prints them with one more newline after). */
    static String describe(Clone clone) {
        String[] values = {
            clone.id(),
            clone.branch(),
            clone.snapshot() == null ? "" : clone.snapshot().id(),
            clone.db() == null ? "" : clone.db().connStr()};
        int width = LABELS[LABELS.length - 1].length();
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < LABELS.length; i++) {
            text.append(LABELS[i]).append(':').append(" ".repeat(width - LABELS[i].length() + ALIGN))
                    .append(values[i] == null ? "" : values[i]).append('\n');
        }
        return text.toString();
    }
}
