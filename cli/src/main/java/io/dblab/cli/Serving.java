package io.dblab.cli;

import java.util.concurrent.CountDownLatch;

/** Keeps a server of this JVM running until the process is stopped (Ctrl-C, SIGTERM) or the thread interrupted. */
public final class Serving {
    private Serving() {}

    /** Blocks; {@code close} runs exactly once, on the way out. */
    public static void untilStopped(Runnable close, String shutdownThreadName) {
        Thread closeOnExit = new Thread(close, shutdownThreadName);
        Runtime.getRuntime().addShutdownHook(closeOnExit);
        try {
            new CountDownLatch(1).await();
        } catch (InterruptedException e) {
            // Stopped from inside the JVM (an embedding caller or a test) rather than by a signal:
            // close now, and only once, instead of leaving it to the exit hook.
            Runtime.getRuntime().removeShutdownHook(closeOnExit);
            close.run();
            Thread.currentThread().interrupt();
        }
    }
}
