package io.dblab.client.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** Answer of {@code PATCH /branch/{name}} (the reference's UpdateBranchResponse): the name and the protection. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record BranchProtection(String name, @JsonProperty("protected") boolean isProtected,
                               @JsonInclude(JsonInclude.Include.NON_NULL) String protectedTill) {}
