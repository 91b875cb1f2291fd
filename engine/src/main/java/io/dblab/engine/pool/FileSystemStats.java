package io.dblab.engine.pool;

/**
 * A pool's file-system figures in bytes. {@code sharedCopies} says whether snapshots and clones
 * really share blocks with their source (false for a reflink pool on a file system without reflinks,
 * where every copy is a full copy).
 */
public record FileSystemStats(String mode, long size, long free, long used, long dataSize,
                              long usedBySnapshots, long usedByClones, double compressRatio,
                              boolean sharedCopies) {}
