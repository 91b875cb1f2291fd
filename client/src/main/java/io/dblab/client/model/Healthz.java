package io.dblab.client.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** Body of {@code GET /healthz}. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Healthz(String version, String edition, String instanceID) {}
