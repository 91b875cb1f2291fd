package io.dblab.client.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** A status code with a human-readable message, used for clones and for the instance. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Status(String code, String message) {
    public static final String CREATING = "CREATING";
    public static final String OK = "OK";
    public static final String RESETTING = "RESETTING";
    public static final String DELETING = "DELETING";
    public static final String FATAL = "FATAL";
    public static final String WARNING = "WARNING";
}
