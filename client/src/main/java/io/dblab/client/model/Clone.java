package io.dblab.client.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** A thin clone as the engine API reports it. {@code db.password} is always empty. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Clone(
        String id,
        Snapshot snapshot,
        String branch,
        @JsonProperty("protected") boolean isProtected,
        String createdAt,
        Status status,
        Db db,
        Metadata metadata) {

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Db(String connStr, String host, String port, String username, String password, String dbName) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Metadata(long cloneDiffSize, long logicalSize, double cloningTime, int maxIdleMinutes) {}
}
