package io.dblab.joe.plan;

/** A number of blocks of one kind and operation, and what they come to in bytes at the server's block size. */
public record BufferAmount(BufferKind kind, BufferOperation operation, long blocks, long bytes) {
}
