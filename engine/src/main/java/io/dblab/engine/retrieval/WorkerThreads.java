package io.dblab.engine.retrieval;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Ends a retrieval's helper threads before its cleanup goes on. */
final class WorkerThreads {
    private static final Logger LOG = LoggerFactory.getLogger(WorkerThreads.class);

    private WorkerThreads() {}

    /**
     * Interrupts the threads, which kills the commands they run (see {@code Command}), and waits up
     * to a minute until they have ended, even when this thread was interrupted itself: a command left
     * running would keep writing into the pool that the cleanup stops or unmounts.
     */
    static void stop(ExecutorService threads, String what) {
        threads.shutdownNow();
        boolean interrupted = Thread.interrupted();
        try {
            if (!threads.awaitTermination(1, TimeUnit.MINUTES)) {
                LOG.warn("{} did not stop within a minute", what);
            }
        } catch (InterruptedException e) {
            interrupted = true;
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
