package io.dblab.engine.config;

import java.nio.file.Path;

/** Reads server.yml strictly: unknown keys and wrong types are errors that name the key. */
public final class EngineConfigLoader {
    private EngineConfigLoader() {}

    public static EngineConfig load(Path file) {
        throw new UnsupportedOperationException("being written");
    }
}
