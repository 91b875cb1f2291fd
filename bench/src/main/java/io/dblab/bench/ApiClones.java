package io.dblab.bench;

import io.dblab.client.DblabApiException;
import io.dblab.client.DblabClient;
import io.dblab.client.model.Clone;
import io.dblab.client.model.CloneRequest;
import io.dblab.client.model.ResetRequest;
import io.dblab.client.model.Status;
import java.time.Duration;

/**
 * Clones as a user gets them: POST /clone (or /clone/{id}/reset), GET /clone/{id} until the status
 * is OK, then a pgjdbc connection with the clone's user and password. The time a user waits is
 * the time until that connection works.
 */
final class ApiClones {
    /** Short, so that polling adds little to what is measured; the CLI polls every 500 ms. */
    static final Duration POLL_INTERVAL = Duration.ofMillis(20);
    private static final Duration TIMEOUT = Duration.ofMinutes(10);

    private final DblabClient client;
    private final String database;
    private final String user;
    private final String password;
    /** Diagnostics: how long the engine took to answer the last POST, and each GET while polling. */
    private double lastRequestMillis;
    private Sample pollLatency = new Sample();

    ApiClones(DblabClient client, String database, String user, String password) {
        this.client = client;
        this.database = database;
        this.user = user;
        this.password = password;
    }

    /** Everything a create costs the user; returns the clone as the engine reported it when it was OK. */
    Clone create(String id) throws Exception {
        long started = System.nanoTime();
        client.createClone(new CloneRequest(id, false, new CloneRequest.DbRequest(user, password, false, database),
                null, null, null));
        lastRequestMillis = (System.nanoTime() - started) / 1e6;
        return awaitUsable(id);
    }

    /** Resetting answers at once and the status is RESETTING before the call returns, so OK means done. */
    Clone reset(String id) throws Exception {
        long started = System.nanoTime();
        client.resetClone(id, new ResetRequest(null, null));
        lastRequestMillis = (System.nanoTime() - started) / 1e6;
        return awaitUsable(id);
    }

    /** Not timed: DELETE /clone/{id}, then wait until the engine has forgotten it. */
    void destroy(String id) throws InterruptedException {
        requestDestroy(id);
        awaitGone(id);
    }

    /** DELETE /clone/{id} once the clone is not busy (the engine refuses to delete a clone being created). */
    void requestDestroy(String id) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        String status = client.clone(id).status().code();
        while (Status.CREATING.equals(status) || Status.RESETTING.equals(status)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("clone " + id + " is still " + status);
            }
            Thread.sleep(POLL_INTERVAL.toMillis());
            status = client.clone(id).status().code();
        }
        if (!Status.DELETING.equals(status)) {
            client.destroyClone(id);
        }
    }

    void awaitGone(String id) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                client.clone(id);
            } catch (DblabApiException e) {
                if (e.httpStatus() == 404) {
                    return;
                }
                throw e;
            }
            Thread.sleep(POLL_INTERVAL.toMillis());
        }
        throw new IllegalStateException("clone " + id + " was not destroyed within " + TIMEOUT);
    }

    /** Not timed: runs SQL in the clone as its user (before a reset, {@link Dataset#dirtySql()}). */
    void execute(Clone clone, String sql) throws Exception {
        Jdbc.execute(port(clone), database, user, password, sql);
    }

    /** Polls until OK (failing on FATAL), then connects. */
    Clone awaitUsable(String id) throws Exception {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        Clone clone = poll(id);
        while (!Status.OK.equals(clone.status().code())) {
            if (Status.FATAL.equals(clone.status().code()) || System.nanoTime() > deadline) {
                throw new IllegalStateException("clone " + id + " is " + clone.status().code() + ": "
                        + clone.status().message());
            }
            Thread.sleep(POLL_INTERVAL.toMillis());
            clone = poll(id);
        }
        Jdbc.awaitSelectOne(port(clone), database, user, password, Duration.ofMinutes(1));
        return clone;
    }

    private Clone poll(String id) {
        long started = System.nanoTime();
        Clone clone = client.clone(id);
        pollLatency.add((System.nanoTime() - started) / 1e6);
        return clone;
    }

    double lastRequestMillis() {
        return lastRequestMillis;
    }

    /** The GET latencies since the last call. */
    Sample takePollLatency() {
        Sample taken = pollLatency;
        pollLatency = new Sample();
        return taken;
    }

    static int port(Clone clone) {
        return Integer.parseInt(clone.db().port());
    }
}
