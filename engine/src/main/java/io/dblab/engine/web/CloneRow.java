package io.dblab.engine.web;

import io.dblab.engine.state.CloneRecord;
import io.dblab.engine.state.CloneStatus;

/** A clone as the UI lists it: what a person needs to connect to it and to decide what to do with it. */
public record CloneRow(String id, String status, String statusMessage, String connection, String username,
                       boolean isProtected, String snapshotId, boolean busy) {

    static CloneRow of(CloneRecord c, String accessHost) {
        String connection = c.port() > 0 ? "host=" + accessHost + " port=" + c.port() + " user=" + c.username()
                + " dbname=" + c.dbName() : "";
        boolean busy = c.status() == CloneStatus.CREATING || c.status() == CloneStatus.RESETTING
                || c.status() == CloneStatus.DELETING;
        return new CloneRow(c.id(), c.status().name(), c.statusMessage(), connection, c.username(), c.isProtected(),
                c.snapshotId(), busy);
    }
}
