package io.dblab.client.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A thin clone as the engine API reports it. {@code db.password} is always empty. {@code
 * protectedTill} (when a timed protection ends) and {@code deleteAt} (the earliest time idle
 * cleanup may delete it) are left out when there is none, as the reference leaves them out.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Clone(
        String id,
        Snapshot snapshot,
        String branch,
        int revision,
        @JsonProperty("protected") boolean isProtected,
        @JsonInclude(JsonInclude.Include.NON_NULL) String protectedTill,
        @JsonInclude(JsonInclude.Include.NON_NULL) String deleteAt,
        String createdAt,
        Status status,
        Db db,
        Metadata metadata) {

    /** A clone without a revision, timed protection or scheduled deletion. */
    public Clone(String id, Snapshot snapshot, String branch, boolean isProtected, String createdAt, Status status,
                 Db db, Metadata metadata) {
        this(id, snapshot, branch, 0, isProtected, null, null, createdAt, status, db, metadata);
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Db(String connStr, String host, String port, String username, String password, String dbName) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Metadata(long cloneDiffSize, long logicalSize, double cloningTime, int maxIdleMinutes,
                           int protectionLeaseDurationMinutes, int protectionMaxDurationMinutes) {

        public Metadata(long cloneDiffSize, long logicalSize, double cloningTime, int maxIdleMinutes) {
            this(cloneDiffSize, logicalSize, cloningTime, maxIdleMinutes, 0, 0);
        }
    }
}
