package io.dblab.client.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** A read-only, cleanly shut-down data directory in a pool that clones start from. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Snapshot(
        String id,
        String createdAt,
        String dataStateAt,
        long physicalSize,
        long logicalSize,
        String pool,
        int numClones,
        List<String> clones,
        String branch,
        String message,
        @JsonProperty("protected") boolean isProtected) {}
