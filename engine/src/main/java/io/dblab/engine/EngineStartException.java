package io.dblab.engine;

import io.dblab.serverkit.StartupException;

/** A reason the engine cannot start that the operator can act on (see {@link StartupException}). */
public class EngineStartException extends StartupException {
    public EngineStartException(String problem, String fix) {
        super(problem, fix);
    }

    public EngineStartException(String problem, String fix, Throwable cause) {
        super(problem, fix, cause);
    }
}
