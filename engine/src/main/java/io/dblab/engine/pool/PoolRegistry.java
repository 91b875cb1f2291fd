package io.dblab.engine.pool;

import io.dblab.engine.error.NotFoundException;
import java.util.ArrayList;
import java.util.List;

/** The engine's pools in configuration order. */
public final class PoolRegistry implements AutoCloseable {
    private final List<PoolProvider> pools;

    public PoolRegistry(List<PoolProvider> pools) {
        if (pools.isEmpty()) {
            throw new IllegalArgumentException("at least one pool is needed");
        }
        this.pools = List.copyOf(pools);
    }

    public List<PoolProvider> all() {
        return pools;
    }

    public PoolProvider get(String name) {
        return pools.stream().filter(p -> p.name().equals(name)).findFirst()
                .orElseThrow(() -> new NotFoundException("pool '" + name + "' not found"));
    }

    /** Opens every pool; if one fails, closes those already opened. */
    public void open() {
        List<PoolProvider> opened = new ArrayList<>();
        try {
            for (PoolProvider pool : pools) {
                pool.open();
                opened.add(pool);
            }
        } catch (RuntimeException e) {
            opened.forEach(PoolProvider::close);
            throw e;
        }
    }

    @Override
    public void close() {
        pools.forEach(PoolProvider::close);
    }
}
