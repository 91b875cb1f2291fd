package io.dblab.engine.web;

/** A snapshot as the UI lists it. */
public record SnapshotRow(String id, String dataStateAt, String branch, long clones, boolean isProtected) {
}
