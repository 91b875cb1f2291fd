package io.dblab.cli.demo;

import io.dblab.cli.CommandFailedException;
import io.dblab.client.DblabApiException;
import io.dblab.client.DblabClient;
import io.dblab.client.model.Clone;
import io.dblab.client.model.CloneRequest;
import io.dblab.client.model.Status;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/** The demo's clones, made and destroyed through the engine API like anyone's. */
final class DemoClones {
    private static final Duration POLL_INTERVAL = Duration.ofMillis(200);
    private static final Duration CREATE_LIMIT = Duration.ofMinutes(5);
    private static final Duration DESTROY_LIMIT = Duration.ofMinutes(3);
    /** The engine accepts a destroy request only in these statuses; others are waited out. */
    private static final Set<String> DESTROYABLE = Set.of(Status.OK, Status.FATAL);
    private static final int BAD_REQUEST = 400;
    private static final int NOT_FOUND = 404;

    private final DblabClient client;

    DemoClones(DblabClient client) {
        this.client = client;
    }

    /** Creates a clone with a superuser and waits until it is ready; fails when it ends FATAL. */
    Clone create(String id, String username, String password) throws InterruptedException {
        client.createClone(new CloneRequest(id, null, new CloneRequest.DbRequest(username, password, false, null),
                null, null, null));
        long deadline = System.nanoTime() + CREATE_LIMIT.toNanos();
        while (true) {
            Clone clone = client.clone(id);
            String status = statusOf(clone);
            if (Status.OK.equals(status)) {
                return clone;
            }
            if (Status.FATAL.equals(status)) {
                throw new CommandFailedException("clone " + id + " failed: " + clone.status().message());
            }
            if (System.nanoTime() > deadline) {
                throw new CommandFailedException("clone " + id + " was not ready within " + CREATE_LIMIT.toMinutes()
                        + " minutes (status " + status + ")");
            }
            Thread.sleep(POLL_INTERVAL.toMillis());
        }
    }

    /**
     * Destroys every clone, the demo's and any a user made meanwhile, protected ones included, and
     * waits until the engine lists none: the engine leaves running clones alone when it stops, and
     * their servers would keep the pool from being unmounted.
     */
    void destroyAll() throws InterruptedException {
        long deadline = System.nanoTime() + DESTROY_LIMIT.toNanos();
        List<Clone> remaining = client.clones();
        while (!remaining.isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new CommandFailedException("clones still there after " + DESTROY_LIMIT.toMinutes() + " minutes: "
                        + remaining.stream().map(c -> c.id() + " (" + statusOf(c) + ")").toList());
            }
            remaining.stream().filter(c -> DESTROYABLE.contains(statusOf(c)))
                    .forEach(this::requestDestroy);
            Thread.sleep(POLL_INTERVAL.toMillis());
            remaining = client.clones();
        }
    }

    private void requestDestroy(Clone clone) {
        try {
            if (clone.isProtected()) {
                client.updateClone(clone.id(), false);
            }
            client.destroyClone(clone.id());
        } catch (DblabApiException e) {
            // gone or changed status since it was listed: the next listing tells
            if (e.httpStatus() != NOT_FOUND && e.httpStatus() != BAD_REQUEST) {
                throw e;
            }
        }
    }

    private static String statusOf(Clone clone) {
        return clone.status() == null ? "" : clone.status().code();
    }
}
