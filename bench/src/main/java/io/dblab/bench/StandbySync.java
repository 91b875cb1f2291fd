package io.dblab.bench;

import io.dblab.client.DblabApiException;
import io.dblab.client.DblabClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The physical standby as {@code GET /status} shows it ({@code synchronization}, which the engine
 * refreshes every 5 s): whether it streams from the source and how many bytes of WAL it lags behind.
 */
final class StandbySync {
    private final DblabClient client;
    private final List<String> errors;

    /** @param errors where failed requests are noted for the report */
    StandbySync(DblabClient client, List<String> errors) {
        this.client = client;
        this.errors = errors;
    }

    /** Waits until the standby streams and has replayed everything the source wrote. */
    void awaitCaughtUp(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!(streaming() && lagBytes() == 0)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the standby has not caught up: " + client.status().synchronization());
            }
            Thread.sleep(500);
        }
    }

    boolean streaming() {
        return view().get("status") instanceof Map<?, ?> status && "OK".equals(status.get("code"));
    }

    /** -1 while unknown. */
    long lagBytes() {
        return view().get("replicationLagBytes") instanceof Number lag ? lag.longValue() : -1;
    }

    /** An engine error here is logged and read as "unknown": the figures do not depend on it. */
    private Map<?, ?> view() {
        try {
            return client.status().synchronization() instanceof Map<?, ?> map ? map : Map.of();
        } catch (DblabApiException e) {
            errors.add("GET /status: " + e.getMessage());
            Log.log("GET /status failed: %s", e.getMessage());
            return Map.of();
        }
    }
}
