package io.dblab.serverkit.config;

import io.dblab.serverkit.StartupException;

/**
 * A configuration file that cannot be used. The message is one line that names the file and the
 * key, which is its own fix: it is shown to the operator as it is.
 */
public final class ConfigException extends StartupException {
    public ConfigException(String message) {
        super(message, "");
    }

    public ConfigException(String message, Throwable cause) {
        super(message, "", cause);
    }
}
