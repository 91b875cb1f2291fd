package io.dblab.tunnel.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.dblab.client.Json;
import io.dblab.client.control.ControlOperations;
import io.dblab.client.model.ApiError;
import io.dblab.client.transport.EngineReply;
import io.dblab.client.transport.EngineTransport;
import io.dblab.tunnel.protocol.Frame;
import java.io.IOException;

/**
 * Runs the Platform's requests against the engine, but only the operations DESIGN.md point 1 allows:
 * anything else is answered 403 here, without reaching the engine (which refuses it too).
 */
final class EngineRequests {
    static final String FORBIDDEN = "FORBIDDEN";
    private final EngineTransport engine;

    EngineRequests(EngineTransport engine) {
        this.engine = engine;
    }

    Frame answer(Frame.Request request) {
        if (!ControlOperations.permits(request.method(), request.path())) {
            return new Frame.Response(request.id(), 403, "application/json", forbidden(request));
        }
        try {
            EngineReply reply = engine.exchange(request.method(), request.path(), request.body());
            return new Frame.Response(request.id(), reply.status(), reply.contentType(), reply.body());
        } catch (IOException e) {
            return new Frame.Error(request.id(), e.getMessage());
        }
    }

    private static String forbidden(Frame.Request request) {
        try {
            return Json.mapper().writeValueAsString(new ApiError(FORBIDDEN, "the tunnel does not let the Platform ask for "
                    + request.method() + " " + request.path() + ": not one of the control operations"));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
