package io.dblab.engine.retrieval;

import io.dblab.engine.pool.PoolProvider;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A file in the pool root that exists while a refresh writes into the pool, so that the next start
 * knows a refresh was cut short (kill, power loss) and cleans up after it.
 */
final class RefreshMarker {
    private static final String NAME = ".refresh-in-progress";

    private RefreshMarker() {}

    static boolean isSet(PoolProvider pool) {
        return Files.exists(path(pool));
    }

    static void set(PoolProvider pool) {
        try {
            Files.writeString(path(pool), java.time.Instant.now().toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot mark the refresh of pool " + pool.name(), e);
        }
    }

    static void clear(PoolProvider pool) {
        try {
            Files.deleteIfExists(path(pool));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clear the refresh mark of pool " + pool.name(), e);
        }
    }

    private static Path path(PoolProvider pool) {
        return pool.root().resolve(NAME);
    }
}
