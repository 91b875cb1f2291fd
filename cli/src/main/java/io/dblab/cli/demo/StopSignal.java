package io.dblab.cli.demo;

import io.dblab.cli.CommandFailedException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Ctrl-C and SIGTERM stop the demo through a shutdown hook. The JVM halts as soon as its hooks
 * return, so the hook interrupts the demo's thread (to cut short a step in progress, such as a long
 * data load) and then waits until that thread has cleaned up.
 */
final class StopSignal {
    /** Long enough to destroy clones, stop servers and unmount the pool; short enough not to hang a shutdown. */
    private static final Duration CLEANUP_LIMIT = Duration.ofMinutes(5);

    private final Thread demoThread;
    private final Thread hook = new Thread(this::onShutdown, "dblab-demo-shutdown");
    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private final CountDownLatch cleanedUp = new CountDownLatch(1);
    private boolean cleanupStarted;

    private StopSignal(Thread demoThread) {
        this.demoThread = demoThread;
    }

    /** Starts listening for Ctrl-C and SIGTERM on behalf of the calling thread. */
    static StopSignal installForCurrentThread() {
        StopSignal signal = new StopSignal(Thread.currentThread());
        Runtime.getRuntime().addShutdownHook(signal.hook);
        return signal;
    }

    boolean requested() {
        return stopRequested.getCount() == 0;
    }

    void throwIfRequested() {
        if (requested()) {
            throw new CommandFailedException("stopped by a signal");
        }
    }

    /** Waits until a signal comes or {@code limit} has passed; null waits for a signal only. */
    void await(Duration limit) throws InterruptedException {
        if (limit == null) {
            stopRequested.await();
        } else {
            stopRequested.await(limit.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Called by the demo's thread before it cleans up: from now on a signal must not interrupt it,
     * and an interrupt already pending is cleared, because the cleanup's own commands (pg_ctl stop,
     * umount) would otherwise be cancelled the moment they start.
     */
    synchronized void cleanupStarting() {
        cleanupStarted = true;
        Thread.interrupted();
    }

    /** Lets a waiting hook return, and removes the hook when no shutdown is under way. */
    void cleanupFinished() {
        cleanedUp.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down: the hook is running, and returns now that we are done
        }
    }

    private void onShutdown() {
        stopRequested.countDown();
        synchronized (this) {
            if (!cleanupStarted) {
                demoThread.interrupt();
            }
        }
        try {
            cleanedUp.await(CLEANUP_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
