package io.dblab.engine.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.dblab.engine.config.reference.ReferenceTranslator;
import io.dblab.serverkit.config.ConfigException;
import io.dblab.serverkit.config.StrictYaml;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Reads server.yml strictly (see {@link StrictYaml}) and validates the result before anyone uses it.
 * A file written for the reference engine is rewritten into our keys first ({@link ReferenceTranslator}).
 * Every failure is a {@link ConfigException} with a one-line message.
 */
public final class EngineConfigLoader {
    private EngineConfigLoader() {}

    /**
     * A configuration and what reading it found: one line per reference key ignored (with why), for
     * the engine to log as it starts.
     */
    public record Loaded(EngineConfig config, List<String> warnings) {}

    /** Loads the file, taking {@code ${VAR}} values from this process's environment. */
    public static EngineConfig load(Path file) {
        return read(file).config();
    }

    /** {@link #load}, with the warnings. */
    public static Loaded read(Path file) {
        return read(StrictYaml.readFile(file), System.getenv(), String.valueOf(file.getFileName()));
    }

    /** Parses YAML text as server.yml with the given environment; for tests and embedding. */
    public static EngineConfig parse(String yaml, Map<String, String> env) {
        return read(yaml, env).config();
    }

    /** {@link #parse}, with the warnings. */
    public static Loaded read(String yaml, Map<String, String> env) {
        return read(yaml, env, "server.yml");
    }

    private static Loaded read(String yaml, Map<String, String> env, String source) {
        JsonNode tree = StrictYaml.readTree(yaml, source);
        ReferenceTranslator.Result ours = ReferenceTranslator.translate(tree, env, source);
        EngineConfig config = StrictYaml.requireValid(StrictYaml.bindTree(ours.tree(), env, source, EngineConfig.class),
                source, ConfigValidator::validate);
        return new Loaded(config, ours.warnings());
    }
}
