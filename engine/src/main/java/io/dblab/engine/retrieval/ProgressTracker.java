package io.dblab.engine.retrieval;

import io.dblab.client.model.Progress;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Samples how much of a phase is done every two seconds (measuring can cost a directory walk, so
 * it is not done per request) and derives the rate and the time left.
 */
final class ProgressTracker {
    private static final long INTERVAL_SECONDS = 2;
    private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "retrieval-progress");
        thread.setDaemon(true);
        return thread;
    });
    private ScheduledFuture<?> task;
    private volatile Progress current;

    synchronized void start(String phase, String unit, long total, LongSupplier done) {
        stop();
        long startedAt = System.nanoTime();
        current = new Progress(phase, 0, total, unit, 0, -1);
        task = sampler.scheduleWithFixedDelay(() -> {
            try {
                long value = done.getAsLong();
                double seconds = (System.nanoTime() - startedAt) / 1e9;
                double rate = seconds > 0 ? value / seconds : 0;
                long eta = rate > 0 && total > value ? Math.round((total - value) / rate) : total > 0 && value >= total ? 0 : -1;
                current = new Progress(phase, value, total, unit, Math.round(rate * 10) / 10.0, eta);
            } catch (RuntimeException e) {
                // the thing measured is being replaced (a directory reset): keep the last figure
            }
        }, 0, INTERVAL_SECONDS, TimeUnit.SECONDS);
    }

    synchronized void stop() {
        if (task != null) {
            task.cancel(false);
            task = null;
        }
        current = null;
    }

    Progress view() {
        return current;
    }
}
