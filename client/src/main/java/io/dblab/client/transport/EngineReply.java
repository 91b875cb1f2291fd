package io.dblab.client.transport;

/** An engine's answer to one request: any status, the body as text (JSON for the API's own answers). */
public record EngineReply(int status, String contentType, String body) {
    public EngineReply {
        contentType = contentType == null ? "" : contentType;
        body = body == null ? "" : body;
    }
}
