package io.dblab.engine.pool;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** A pool's {@link FileSystemStats}: space from the file system, the rest from the measured copies. */
final class PoolStatistics {
    private PoolStatistics() {}

    static FileSystemStats collect(String mode, PoolLayout layout, Map<Path, SpaceUsage> usage, boolean sharedCopies) {
        long dataSize = usage.getOrDefault(layout.dataDir(), SpaceUsage.NONE).total();
        long snapshots = exclusiveIn(usage, layout.snapshotsDir());
        long clones = exclusiveIn(usage, layout.clonesDir());
        try {
            FileStore store = Files.getFileStore(layout.root());
            long size = store.getTotalSpace();
            long free = store.getUsableSpace();
            // neither provider compresses, so the ratio is always 1
            return new FileSystemStats(mode, size, free, size - free, dataSize, snapshots, clones, 1.0, sharedCopies);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the size of the file system at " + layout.root()
                    + ": " + e.getMessage(), e);
        }
    }

    /** Bytes only the copies directly in {@code dir} hold: what deleting all of them would free. */
    private static long exclusiveIn(Map<Path, SpaceUsage> usage, Path dir) {
        return usage.entrySet().stream().filter(e -> dir.equals(e.getKey().getParent()))
                .mapToLong(e -> e.getValue().exclusive()).sum();
    }
}
