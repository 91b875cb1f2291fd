package io.dblab.client.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * How far a long retrieval phase has come: {@code done} of {@code total} {@code unit}s ("bytes" or
 * "tables"), the rate per second and the estimated seconds left (-1 while unknown).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Progress(String phase, long done, long total, String unit, double ratePerSecond, long etaSeconds) {}
