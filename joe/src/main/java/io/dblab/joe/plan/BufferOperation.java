package io.dblab.joe.plan;

/** What happened to the blocks: found in the pool, read into it, changed, or written out. */
public enum BufferOperation {
    HIT, READ, DIRTIED, WRITTEN
}
