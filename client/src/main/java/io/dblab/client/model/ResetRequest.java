package io.dblab.client.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/** Body of {@code POST /clone/{id}/reset}: a snapshot id, or {@code latest}, or neither (own snapshot). */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record ResetRequest(String snapshotID, Boolean latest) {}
