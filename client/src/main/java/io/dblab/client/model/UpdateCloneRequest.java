package io.dblab.client.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** Body of {@code PATCH /clone/{id}}. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record UpdateCloneRequest(@JsonProperty("protected") Boolean isProtected) {}
