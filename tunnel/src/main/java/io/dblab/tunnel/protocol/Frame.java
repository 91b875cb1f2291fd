package io.dblab.tunnel.protocol;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * One WebSocket text frame of the tunnel, as JSON with a {@code type}. The connector (next to an
 * engine) says {@code hello} once, then answers each {@code request} from the Platform with a
 * {@code response} or an {@code error} carrying the request's {@code id}; answers may come in any
 * order, so many requests share one connection.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = Frame.Hello.class, name = "hello"),
        @JsonSubTypes.Type(value = Frame.Request.class, name = "request"),
        @JsonSubTypes.Type(value = Frame.Response.class, name = "response"),
        @JsonSubTypes.Type(value = Frame.Error.class, name = "error")})
public sealed interface Frame {

    /** The connector's first frame: the protocol it speaks and the engine behind it (empty fields when unknown). */
    record Hello(int protocol, String engineVersion, String engineEdition, String instanceId) implements Frame {}

    /** An engine API call the Platform asks for; {@code path} includes the query, {@code body} is JSON or null. */
    record Request(long id, String method, String path, String body) implements Frame {}

    /** The engine's answer to request {@code id}, whatever its status. */
    record Response(long id, int status, String contentType, String body) implements Frame {}

    /** Request {@code id} got no answer from the engine (unreachable, answer too large…): why, in words. */
    record Error(long id, String message) implements Frame {}
}
