package io.dblab.client.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/**
 * One snapshot in {@code GET /branch/{name}/log}. {@code parent} is {@code "-"} at the start of the
 * line; {@code branch} lists the branches whose head this snapshot is, as the reference does.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record LogEntry(String id, String parent, String dataStateAt, String message, List<String> branch) {}
