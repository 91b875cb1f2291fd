package io.dblab.engine.web;

import java.util.List;

/**
 * The clone list and what the last action said: {@code notice} when it went well, {@code problem} when
 * it was refused (either may be null). {@code csrf} goes into every form.
 */
public record ClonesView(String csrf, List<CloneRow> clones, String notice, String problem) {
    /** Whether a clone is being created, reset or deleted: the list then refreshes itself. */
    public boolean busy() {
        return clones.stream().anyMatch(CloneRow::busy);
    }
}
