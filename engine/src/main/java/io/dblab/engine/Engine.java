package io.dblab.engine;

import io.dblab.engine.config.EngineConfig;

/** A running engine: pools, clones, retrieval and the API server. Closing it stops everything it started. */
public final class Engine implements AutoCloseable {
    private final EngineConfig config;

    private Engine(EngineConfig config) {
        this.config = config;
    }

    /** Opens the pools, reconciles state with the disk, starts retrieval and the API server. */
    public static Engine start(EngineConfig config) {
        throw new UnsupportedOperationException("being written");
    }

    /** The port the API server listens on. */
    public int apiPort() {
        return config.server().port();
    }

    @Override
    public void close() {}
}
