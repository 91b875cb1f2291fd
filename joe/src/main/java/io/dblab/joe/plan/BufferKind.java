package io.dblab.joe.plan;

/** Which buffers: the shared pool, a session's own buffers for temporary tables, or temp files of sorts and hashes. */
public enum BufferKind {
    SHARED, LOCAL, TEMP
}
