package io.dblab.client.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/** Body of {@code POST /branch}: start at {@code snapshotID}, or else at the head of {@code baseBranch} (main). */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record BranchCreateRequest(String branchName, String baseBranch, String snapshotID) {}
