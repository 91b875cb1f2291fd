package io.dblab.client.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** Answer of {@code POST /branch}: the new branch's name. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record BranchName(String name) {}
