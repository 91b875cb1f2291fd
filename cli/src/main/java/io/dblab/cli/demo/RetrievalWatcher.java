package io.dblab.cli.demo;

import io.dblab.cli.CommandFailedException;
import io.dblab.client.DblabClient;
import io.dblab.client.model.Retrieval;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Follows the engine's first retrieval through the API, as any client would, until the snapshot
 * that clones start from exists.
 */
final class RetrievalWatcher {
    private static final Duration POLL_INTERVAL = Duration.ofMillis(500);
    private static final String FINISHED = "finished";
    private static final String FAILED = "failed";

    private final DblabClient client;
    private final PrintWriter out;

    RetrievalWatcher(DblabClient client, PrintWriter out) {
        this.client = client;
        this.out = out;
    }

    /** Prints each status change; fails with the engine's alerts when retrieval fails. */
    void awaitFirstSnapshot() throws InterruptedException {
        String lastStatus = null;
        while (true) {
            Retrieval retrieval = client.retrieval();
            if (!Objects.equals(retrieval.status(), lastStatus)) {
                lastStatus = retrieval.status();
                out.printf("  retrieval: %s%n", lastStatus);
                out.flush();
            }
            if (FAILED.equals(lastStatus)) {
                throw new CommandFailedException("retrieval failed: " + alerts(retrieval));
            }
            // the status says finished a moment before the snapshot is listed, or the other way round
            if (FINISHED.equals(lastStatus) && !client.snapshots().isEmpty()) {
                return;
            }
            Thread.sleep(POLL_INTERVAL.toMillis());
        }
    }

    private static String alerts(Retrieval retrieval) {
        if (retrieval.alerts() == null || retrieval.alerts().isEmpty()) {
            return "the engine gave no reason";
        }
        return retrieval.alerts().values().stream().map(Retrieval.Alert::message).collect(Collectors.joining("; "));
    }
}
