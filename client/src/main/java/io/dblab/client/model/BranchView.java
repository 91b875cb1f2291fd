package io.dblab.client.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A branch in {@code GET /branches}: its parent branch ({@code "-"} for main), the head snapshot and
 * its data time ({@code YYYYMMDDHHMMSS} in UTC, as the reference's CLI parses it; see {@link
 * DataStateAt}), how many snapshots were made on the branch, and its protection.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record BranchView(String name, String parent, String dataStateAt, String snapshotID, int numSnapshots,
                         @JsonProperty("protected") boolean isProtected,
                         @JsonInclude(JsonInclude.Include.NON_NULL) String protectedTill) {}
