package io.dblab.client.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * A snapshot as the reference's SnapshotDetails: one entry of {@code GET /branch/{name}/log}, and
 * {@code GET /branch/snapshot/{id}}. {@code parent} is {@code "-"} at the start of the line;
 * {@code child} lists the snapshots made on top of it; {@code branch} the branches whose head it
 * is; {@code root} the branches that start at it; {@code dataStateAt} is {@code YYYYMMDDHHMMSS}
 * (see {@link DataStateAt}). The lists are arrays as the reference sends them (its spec says strings).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record LogEntry(String id, String parent, List<String> child, List<String> branch, List<String> root,
                       String dataStateAt, String message, List<String> clones,
                       @JsonProperty("protected") boolean isProtected) {}
