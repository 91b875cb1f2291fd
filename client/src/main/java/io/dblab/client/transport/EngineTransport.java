package io.dblab.client.transport;

import java.io.IOException;

/**
 * How requests reach an engine's API: over HTTP(S) ({@link HttpTransport}), or through the tunnel an
 * engine dialled out to the Platform on. {@code DblabClient} speaks the API over either.
 */
@FunctionalInterface
public interface EngineTransport {
    /**
     * Sends one request and returns the engine's answer, whatever its status.
     *
     * @param path     the API path with its query, like {@code /snapshots?branch=main}
     * @param jsonBody the request's JSON body, or null for none
     * @throws IOException when no answer came; its message is a sentence for a person that names the engine
     */
    EngineReply exchange(String method, String path, String jsonBody) throws IOException;

    /** Where requests go, for messages: a URL, or which engine's tunnel. */
    default String target() {
        return "the engine";
    }
}
