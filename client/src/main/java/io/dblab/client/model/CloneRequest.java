package io.dblab.client.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/** Body of {@code POST /clone}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record CloneRequest(
        String id,
        @JsonProperty("protected") Boolean isProtected,
        DbRequest db,
        SnapshotRef snapshot,
        String branch,
        @JsonProperty("extra_conf") Map<String, String> extraConf) {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record DbRequest(
            String username,
            String password,
            Boolean restricted,
            @JsonProperty("db_name") String dbName) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record SnapshotRef(String id) {}
}
