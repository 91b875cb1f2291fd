package io.dblab.client.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.Map;

/** Body of {@code GET /instance/retrieval} and the {@code retrieving} part of {@code /status}. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Retrieval(
        String mode,
        String status,
        String lastRefresh,
        String nextRefresh,
        Map<String, Alert> alerts,
        Object activity,
        Progress progress) {

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Alert(String level, String message, String lastSeen, int count) {}
}
