package io.dblab.bench;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * What a benchmark started and must stop again (engines, source servers), closed newest first by
 * {@link #closeAll()}, which the benchmark calls in a finally block and a shutdown hook calls on
 * Ctrl-C: engines, their pools and servers must not outlive the benchmark.
 */
final class Cleanup {
    private final Deque<AutoCloseable> started = new ArrayDeque<>();

    Cleanup(String name) {
        Runtime.getRuntime().addShutdownHook(new Thread(this::closeAll, name + "-cleanup"));
    }

    synchronized <T extends AutoCloseable> T add(T resource) {
        started.push(resource);
        return resource;
    }

    /** Closes one resource now (and forgets it); a failure is logged, not thrown. */
    synchronized void close(AutoCloseable resource) {
        if (started.remove(resource)) {
            closeQuietly(resource);
        }
    }

    synchronized void closeAll() {
        while (!started.isEmpty()) {
            closeQuietly(started.pop());
        }
    }

    private static void closeQuietly(AutoCloseable resource) {
        try {
            resource.close();
        } catch (Exception e) {
            Log.log("cleanup: closing %s failed: %s", resource, e.getMessage());
        }
    }
}
