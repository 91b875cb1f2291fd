package io.dblab.client.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/**
 * Body of {@code POST /clone}. {@code protectionDurationMinutes} as in the reference (0: until
 * unprotected; absent: the engine's default); {@code maxIdleMinutes} is this engine's addition:
 * the clone's own idle limit, at most the engine's.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record CloneRequest(
        String id,
        @JsonProperty("protected") Boolean isProtected,
        Long protectionDurationMinutes,
        DbRequest db,
        SnapshotRef snapshot,
        String branch,
        @JsonProperty("extra_conf") Map<String, String> extraConf,
        Integer maxIdleMinutes) {

    /** A request with the engine's protection duration and idle limit. */
    public CloneRequest(String id, Boolean isProtected, DbRequest db, SnapshotRef snapshot, String branch,
                        Map<String, String> extraConf) {
        this(id, isProtected, null, db, snapshot, branch, extraConf, null);
    }

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
