package io.dblab.platform.config;

import io.dblab.serverkit.config.ConfigException;
import io.dblab.serverkit.config.StrictYaml;
import java.nio.file.Path;
import java.util.Map;

/**
 * Reads platform.yml strictly (unknown keys and wrong types are errors that name the key, {@code ${VAR}}
 * takes a value from the environment) and validates it. Every failure is a {@link ConfigException}
 * with a one-line message.
 */
public final class PlatformConfigLoader {
    private PlatformConfigLoader() {}

    public static PlatformConfig load(Path file, Map<String, String> env) {
        return parse(StrictYaml.readFile(file), env, String.valueOf(file.getFileName()));
    }

    public static PlatformConfig parse(String yaml, Map<String, String> env) {
        return parse(yaml, env, "platform.yml");
    }

    private static PlatformConfig parse(String yaml, Map<String, String> env, String source) {
        return StrictYaml.bindValid(yaml, env, source, PlatformConfig.class, PlatformConfigValidator::validate);
    }
}
