package io.dblab.engine.api;

import io.dblab.engine.config.EngineConfig;
import java.nio.file.Path;
import java.util.List;

/** The config of an engine that serves its API over one reflink pool and runs no retrieval: quick to start. */
final class ApiOnlyConfig {
    private ApiOnlyConfig() {}

    /** {@code tls} may be null for plain HTTP; the pool and the state live under {@code dir}. */
    static EngineConfig of(Path dir, int port, String token, EngineConfig.Tls tls) {
        return new EngineConfig(
                new EngineConfig.Server("127.0.0.1", port, token, tls, false),
                new EngineConfig.PoolManager(dir.resolve("mnt").toString(),
                        List.of(new EngineConfig.Pool("p", "reflink", null, null, false, true))),
                null, new EngineConfig.Retrieval("none", null, null, 0), null, dir.resolve("state").toString());
    }
}
