package io.dblab.engine.schedule;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One kind of the engine's background work (a refresh, the idle clone check, a snapshot, …), run so
 * that it never dies silently. Whatever a run throws is caught: the first time it is logged with its
 * stack trace, a repeat of the same failure is one line, and the alert {@code alertType} is raised;
 * the next run that succeeds clears the alert. Scheduled work is armed again for its next tick
 * whatever the run did. A {@link VirtualMachineError} is logged and alerted like any failure, then
 * thrown on, since the JVM may no longer be able to run anything; a run cut short because the engine
 * is stopping (its thread interrupted) is no failure. It counts its runs, so that an operator (at
 * {@code /metrics}) can see that the work runs and when it last succeeded.
 */
public final class BackgroundTask {
    private static final Logger LOG = LoggerFactory.getLogger(BackgroundTask.class);
    private final String name;
    private final String alertType;
    private final Alerts alerts;
    /** The last failure as class and message, null after a success; guarded by this. */
    private String lastFailure;
    private int failuresInARow;
    private long successfulRuns;
    private long failedRuns;
    /** When the work last succeeded, null before it has. */
    private Instant lastSuccess;

    /** {@code name} starts the log lines and the alert's message, e.g. "Idle clone check". */
    public BackgroundTask(String name, String alertType, Alerts alerts) {
        this.name = name;
        this.alertType = alertType;
        this.alerts = alerts;
    }

    /** Runs the work once; false when it failed. Throws only a {@link VirtualMachineError}. */
    public boolean run(Runnable work) {
        try {
            work.run();
            succeeded();
            return true;
        } catch (VirtualMachineError e) {
            failed(e);
            throw e;
        } catch (Throwable e) {
            failed(e);
            return false;
        }
    }

    /** For a caller that waits for the work: the same bookkeeping, and the failure is thrown on to the caller. */
    public <T> T call(Supplier<T> work) {
        try {
            T result = work.get();
            succeeded();
            return result;
        } catch (RuntimeException | Error e) {
            failed(e);
            throw e;
        }
    }

    /** Runs that succeeded so far. */
    public synchronized long successfulRuns() {
        return successfulRuns;
    }

    /** Runs that failed so far; a run cut short because the engine is stopping is neither. */
    public synchronized long failedRuns() {
        return failedRuns;
    }

    /** The end of the last successful run in seconds since the epoch, 0 before the first. */
    public synchronized double lastSuccessEpochSeconds() {
        return lastSuccess == null ? 0 : lastSuccess.toEpochMilli() / 1000.0;
    }

    /** Runs the work every {@code interval}, counted from the end of the previous run. */
    public void every(ScheduledExecutorService executor, Duration interval, Runnable work) {
        arm(executor, () -> Instant.now().plus(interval), work, new Armed());
    }

    /**
     * Runs the work at each time of the schedule; {@code announce} is told each next time (e.g. for
     * status). The schedule runs until it is {@link Armed#cancel() cancelled} or the executor stops.
     */
    public Armed on(ScheduledExecutorService executor, CronSchedule schedule, Consumer<Instant> announce, Runnable work) {
        Armed armed = new Armed();
        arm(executor, () -> {
            Instant next = schedule.next(Instant.now());
            announce.accept(next);
            return next;
        }, work, armed);
        return armed;
    }

    /** A schedule that is armed: cancelling it drops the next run; a run under way finishes. */
    public static final class Armed {
        private volatile boolean cancelled;
        private volatile ScheduledFuture<?> next;

        public void cancel() {
            cancelled = true;
            ScheduledFuture<?> pending = next;
            if (pending != null) {
                pending.cancel(false);
            }
        }
    }

    /**
     * Daemon threads for executors whose jobs are not waited for: a failure that escapes a job is
     * logged with its stack trace rather than lost.
     */
    public static ThreadFactory daemonThreads(String threadName) {
        return runnable -> {
            Thread thread = new Thread(runnable, threadName);
            thread.setDaemon(true);
            thread.setUncaughtExceptionHandler((t, e) -> LOG.error("{} failed", t.getName(), e));
            return thread;
        };
    }

    private void arm(ScheduledExecutorService executor, Supplier<Instant> nextTime, Runnable work, Armed armed) {
        if (executor.isShutdown() || armed.cancelled) {
            return;
        }
        try {
            long delay = Math.max(0, Duration.between(Instant.now(), nextTime.get()).toMillis());
            armed.next = executor.schedule(() -> {
                if (armed.cancelled) {
                    return;
                }
                try {
                    run(work);
                } finally {
                    arm(executor, nextTime, work, armed);
                }
            }, delay, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // the executor shut down meanwhile: the engine is stopping
        }
    }

    private synchronized void succeeded() {
        successfulRuns++;
        lastSuccess = Instant.now();
        if (lastFailure != null) {
            LOG.info("{} works again after {} failed run(s)", name, failuresInARow);
            lastFailure = null;
            failuresInARow = 0;
        }
        alerts.clearAlert(alertType);
    }

    private synchronized void failed(Throwable e) {
        if (stopping(e)) {
            LOG.info("{} stopped: the engine is stopping", name);
            return;
        }
        failedRuns++;
        String reason = reason(e);
        String signature = e.getClass().getName() + ": " + reason;
        failuresInARow++;
        if (signature.equals(lastFailure)) {
            LOG.warn("{} failed again ({} times in a row): {}", name, failuresInARow, reason);
        } else {
            LOG.error("{} failed: {}", name, reason, e);
        }
        lastFailure = signature;
        if (!(e instanceof AlertRaised)) {
            alerts.alert(alertType, "error", name + " failed: " + reason);
        }
    }

    private static boolean stopping(Throwable e) {
        if (Thread.currentThread().isInterrupted()) {
            return true;
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof InterruptedException) {
                return true;
            }
        }
        return false;
    }

    private static String reason(Throwable e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }
}
