package io.dblab.client.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * A read-only, cleanly shut-down data directory in a pool that clones start from; {@code
 * protectedTill} is left out unless a timed protection runs.
 */
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
        @JsonProperty("protected") boolean isProtected,
        @JsonInclude(JsonInclude.Include.NON_NULL) String protectedTill) {

    /** A snapshot protected without an end, or not protected. */
    public Snapshot(String id, String createdAt, String dataStateAt, long physicalSize, long logicalSize, String pool,
                    int numClones, List<String> clones, String branch, String message, boolean isProtected) {
        this(id, createdAt, dataStateAt, physicalSize, logicalSize, pool, numClones, clones, branch, message,
                isProtected, null);
    }
}
