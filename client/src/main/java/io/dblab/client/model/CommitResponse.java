package io.dblab.client.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** Answer of {@code POST /branch/snapshot}: the new snapshot, now the head of the clone's branch. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record CommitResponse(String snapshotID) {}
