package io.dblab.client.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Body of {@code PATCH /clone/{id}}: protection (timed with {@code protectionDurationMinutes}) and,
 * this engine's addition, the clone's own idle limit.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record UpdateCloneRequest(@JsonProperty("protected") Boolean isProtected, Long protectionDurationMinutes,
                                 Integer maxIdleMinutes) {

    public UpdateCloneRequest(Boolean isProtected) {
        this(isProtected, null, null);
    }
}
