package io.dblab.engine.pool;

import io.dblab.engine.config.EngineConfig;
import java.nio.file.Path;

/** Makes the provider a configured pool asks for. */
public final class PoolProviders {
    private PoolProviders() {}

    /** The provider for {@code pool}, rooted at {@code <mountDir>/<name>}; not opened yet. */
    public static PoolProvider create(EngineConfig.PoolManager manager, EngineConfig.Pool pool) {
        Path root = Path.of(manager.mountDir()).resolve(PoolNames.requireValid("pool name", pool.name()));
        return switch (pool.provider()) {
            case "btrfs" -> new BtrfsProvider(pool.name(), root, imageFile(pool), ByteSize.parse(pool.size()),
                    pool.unmountOnStop(), pool.quotas());
            case "reflink" -> new ReflinkProvider(pool.name(), root);
            default -> throw new IllegalArgumentException("unknown pool provider \"" + pool.provider() + "\" for pool "
                    + pool.name() + ": use btrfs or reflink");
        };
    }

    private static Path imageFile(EngineConfig.Pool pool) {
        return pool.imageFile() == null || pool.imageFile().isBlank() ? null : Path.of(pool.imageFile());
    }
}
