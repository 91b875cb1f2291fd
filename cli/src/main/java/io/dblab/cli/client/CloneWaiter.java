package io.dblab.cli.client;

import io.dblab.cli.CommandFailedException;
import io.dblab.client.DblabApiException;
import io.dblab.client.DblabClient;
import io.dblab.client.model.Clone;
import io.dblab.client.model.Status;
import java.time.Duration;

/**
 * Follows a clone through the engine's background work (create, reset, destroy) by polling
 * {@code GET /clone/{id}}, since the API answers those requests before the work is done.
 */
final class CloneWaiter {
    private static final Duration POLL_INTERVAL = Duration.ofMillis(500);
    private static final int NOT_FOUND = 404;

    private final DblabClient client;

    CloneWaiter(DblabClient client) {
        this.client = client;
    }

    /** Waits until the clone's status is no longer {@code transientStatus} and returns the clone then. */
    Clone awaitStatusOtherThan(String cloneId, String transientStatus) throws InterruptedException {
        while (true) {
            Clone clone = client.clone(cloneId);
            if (!transientStatus.equals(statusCode(clone))) {
                return clone;
            }
            Thread.sleep(POLL_INTERVAL.toMillis());
        }
    }

    /** Waits until the engine no longer knows the clone; a clone that turns FATAL instead was not destroyed. */
    void awaitGone(String cloneId) throws InterruptedException {
        while (true) {
            try {
                Clone clone = client.clone(cloneId);
                if (Status.FATAL.equals(statusCode(clone))) {
                    throw new CommandFailedException("clone " + cloneId + " was not destroyed: " + clone.status().message());
                }
            } catch (DblabApiException e) {
                if (e.httpStatus() == NOT_FOUND) {
                    return;
                }
                throw e;
            }
            Thread.sleep(POLL_INTERVAL.toMillis());
        }
    }

    static String statusCode(Clone clone) {
        return clone.status() == null ? null : clone.status().code();
    }
}
