package io.dblab.client.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Body of {@code PATCH /snapshot/{id}} and {@code PATCH /branch/{name}} (the reference's
 * UpdateSnapshot and UpdateBranch): protection, timed with {@code protectionDurationMinutes}, or a
 * scheduled deletion {@code deleteAt}, which this engine does not offer.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record ProtectionRequest(@JsonProperty("protected") Boolean isProtected, Long protectionDurationMinutes,
                                String deleteAt) {}
