package io.dblab.client.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** {@code {status, message}} answers such as "Deleted snapshot" or "Full refresh started". */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ResponseMessage(String status, String message) {}
