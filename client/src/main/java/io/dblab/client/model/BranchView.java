package io.dblab.client.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * A branch in {@code GET /branches}: its parent branch ({@code "-"} for main), the head snapshot and
 * its data time, and how many snapshots were made on the branch.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record BranchView(String name, String parent, String dataStateAt, String snapshotID, int numSnapshots) {}
