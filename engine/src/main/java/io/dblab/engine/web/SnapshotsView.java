package io.dblab.engine.web;

import java.util.List;

/** The snapshot list and what the last action said ({@code notice} or {@code problem}, either may be null). */
public record SnapshotsView(String csrf, List<SnapshotRow> snapshots, String notice, String problem) {
}
