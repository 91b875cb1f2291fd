package io.dblab.platform.engines;

import io.dblab.client.DblabApiException;

/**
 * A call to an engine that did not work: the engine's own refusal (its 4xx, with its code and
 * message), or no usable answer at all (502: down, tunnel closed, timed out, the engine's 5xx or a
 * refused Platform token). The API answers with this status; the pages show the message.
 */
public final class EngineCallFailed extends RuntimeException {
    private final int status;
    private final String code;

    public EngineCallFailed(int status, String code, String message) {
        super(message);
        this.status = status;
        this.code = code;
    }

    /** The engine's 401 means the Platform's token is wrong: the Platform's problem, not the caller's, so 502. */
    static EngineCallFailed of(Engine engine, DblabApiException e) {
        int status = e.httpStatus();
        boolean engineRefused = status >= 400 && status < 500 && status != 401;
        return new EngineCallFailed(engineRefused ? status : 502, status == 0 ? "ENGINE_UNREACHABLE" : e.code(),
                "engine " + engine.name() + ": " + e.getMessage());
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }
}
