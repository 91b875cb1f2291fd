package io.dblab.client.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/**
 * Body of {@code GET /instance/retrieval} and the {@code retrieving} part of {@code /status};
 * {@code activity} and {@code progress} are left out while nothing runs.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Retrieval(
        String mode,
        String status,
        String lastRefresh,
        String nextRefresh,
        Map<String, Alert> alerts,
        @JsonInclude(JsonInclude.Include.NON_NULL) Object activity,
        @JsonInclude(JsonInclude.Include.NON_NULL) Progress progress) {

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Alert(String level, String message, String lastSeen, int count) {}
}
