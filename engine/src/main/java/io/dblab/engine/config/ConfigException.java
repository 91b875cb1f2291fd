package io.dblab.engine.config;

/**
 * A configuration file that cannot be used. The message is one line that names the file and the
 * key, meant to be shown to the operator as it is.
 */
public final class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(oneLine(message));
    }

    public ConfigException(String message, Throwable cause) {
        super(oneLine(message), cause);
    }

    // Messages quote YAML parser text and values from the file, either of which may hold line breaks;
    // a log line or a CLI error must stay one line.
    private static String oneLine(String message) {
        return message.strip().replaceAll("\\s*\\R\\s*", " ");
    }
}
