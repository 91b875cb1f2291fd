package io.dblab.engine.config;

import io.dblab.engine.EngineStartException;

/**
 * A configuration file that cannot be used. The message is one line that names the file and the
 * key, which is its own fix: it is shown to the operator as it is.
 */
public final class ConfigException extends EngineStartException {
    public ConfigException(String message) {
        super(message, "");
    }

    public ConfigException(String message, Throwable cause) {
        super(message, "", cause);
    }
}
