package io.dblab.engine.config;

import io.dblab.serverkit.config.ConfigException;
import io.dblab.serverkit.config.StrictYaml;
import java.nio.file.Path;
import java.util.Map;

/**
 * Reads server.yml strictly (see {@link StrictYaml}) and validates the result before anyone uses it.
 * Every failure is a {@link ConfigException} with a one-line message.
 */
public final class EngineConfigLoader {
    private EngineConfigLoader() {}

    /** Loads the file, taking {@code ${VAR}} values from this process's environment. */
    public static EngineConfig load(Path file) {
        return parse(StrictYaml.readFile(file), System.getenv(), String.valueOf(file.getFileName()));
    }

    /** Parses YAML text as server.yml with the given environment; for tests and embedding. */
    public static EngineConfig parse(String yaml, Map<String, String> env) {
        return parse(yaml, env, "server.yml");
    }

    private static EngineConfig parse(String yaml, Map<String, String> env, String source) {
        return StrictYaml.bindValid(yaml, env, source, EngineConfig.class, ConfigValidator::validate);
    }
}
