package io.dblab.client;

import io.dblab.client.model.Clone;
import io.dblab.client.model.Status;
import java.time.Duration;
import java.util.Optional;

/**
 * Follows a clone through the engine's background work (create, reset, destroy) by polling
 * {@code GET /clone/{id}}, since the API answers those requests before the work is done.
 */
public final class CloneWaiter {
    private static final Duration DEFAULT_POLL_INTERVAL = Duration.ofMillis(100);

    private final DblabClient client;
    private final Duration timeout;
    private final Duration pollInterval;

    /** Waits as long as the engine's work takes. */
    public CloneWaiter(DblabClient client) {
        this(client, null);
    }

    /** Gives up after {@code timeout} with a {@link DblabApiException} of code {@value #TIMEOUT}. */
    public CloneWaiter(DblabClient client, Duration timeout) {
        this(client, timeout, DEFAULT_POLL_INTERVAL);
    }

    /** Like {@link #CloneWaiter(DblabClient, Duration)}, asking every {@code pollInterval} (positive). */
    public CloneWaiter(DblabClient client, Duration timeout, Duration pollInterval) {
        if (pollInterval.isNegative() || pollInterval.isZero()) {
            throw new IllegalArgumentException("the poll interval must be positive, got " + pollInterval);
        }
        this.client = client;
        this.timeout = timeout;
        this.pollInterval = pollInterval;
    }

    public static final String TIMEOUT = "TIMEOUT";
    public static final String NOT_DESTROYED = "NOT_DESTROYED";

    /** Waits until the clone's status is no longer {@code transientStatus} and returns the clone then. */
    public Clone awaitStatusOtherThan(String cloneId, String transientStatus) throws InterruptedException {
        long deadline = deadline();
        while (true) {
            Clone clone = client.clone(cloneId);
            if (!transientStatus.equals(statusCode(clone))) {
                return clone;
            }
            pause(deadline, "clone " + cloneId + " is still " + transientStatus);
        }
    }

    /** Waits until the engine no longer knows the clone; a clone that turns FATAL instead was not destroyed. */
    public void awaitGone(String cloneId) throws InterruptedException {
        long deadline = deadline();
        while (true) {
            Optional<Clone> clone = client.findClone(cloneId);
            if (clone.isEmpty()) {
                return;
            }
            if (Status.FATAL.equals(statusCode(clone.get()))) {
                throw new DblabApiException(0, NOT_DESTROYED, "clone " + cloneId + " was not destroyed: "
                        + clone.get().status().message());
            }
            pause(deadline, "clone " + cloneId + " is still there");
        }
    }

    public static String statusCode(Clone clone) {
        return clone.status() == null ? null : clone.status().code();
    }

    private long deadline() {
        return timeout == null ? Long.MAX_VALUE : System.nanoTime() + timeout.toNanos();
    }

    private void pause(long deadline, String situation) throws InterruptedException {
        if (System.nanoTime() - deadline > 0) {
            throw new DblabApiException(0, TIMEOUT, situation + " after " + timeout.toSeconds() + " s");
        }
        Thread.sleep(pollInterval.toMillis());
    }
}
