package io.dblab.engine.pool;

/**
 * Bytes a copy holds: {@code exclusive} only it holds (what deleting it would free), {@code total}
 * all it refers to, shared or not.
 */
record SpaceUsage(long exclusive, long total) {
    static final SpaceUsage NONE = new SpaceUsage(0, 0);
}
