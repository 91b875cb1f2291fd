package io.dblab.bench;

import io.dblab.client.DblabApiException;
import io.dblab.client.DblabClient;
import io.dblab.client.model.Progress;
import io.dblab.client.model.Retrieval;
import io.dblab.client.model.Snapshot;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Follows a retrieval the way a user sees it: {@code GET /instance/retrieval} every {@value #POLL_MILLIS} ms,
 * noting when each phase began (the status, and while refreshing the progress phase: schema, copy,
 * indexes, analyze, basebackup …), until the status is {@code finished} and {@code GET /snapshots} lists a
 * snapshot that was not there before.
 */
final class RetrievalWatch {
    /** Short, because the end is only seen at the next poll: half a poll on average is added to each figure. */
    static final long POLL_MILLIS = 20;

    /** A phase as /instance/retrieval showed it, from {@code startMillis} (since the timed start) on. */
    record Phase(String name, double startMillis) {}

    /** One timed retrieval: from the start to the poll that saw it finished, with its phases and snapshot. */
    record Run(double millis, List<Phase> phases, String snapshotId) {
        /** How long each phase lasted, in the order they came; a phase seen twice is added up. */
        Map<String, Double> phaseMillis() {
            Map<String, Double> lengths = new LinkedHashMap<>();
            for (int i = 0; i < phases.size(); i++) {
                double end = i + 1 < phases.size() ? phases.get(i + 1).startMillis() : millis;
                lengths.merge(phases.get(i).name(), end - phases.get(i).startMillis(), Double::sum);
            }
            return lengths;
        }
    }

    private RetrievalWatch() {}

    /**
     * @param startedNanos    when the timed operation began ({@link System#nanoTime()})
     * @param snapshotsBefore the snapshot ids that existed before; the run ends with a new one
     */
    static Run await(DblabClient client, long startedNanos, Set<String> snapshotsBefore, Duration timeout)
            throws InterruptedException {
        List<Phase> phases = new ArrayList<>();
        long deadline = startedNanos + timeout.toNanos();
        while (true) {
            Retrieval retrieval;
            try {
                retrieval = client.retrieval();
            } catch (DblabApiException e) {
                Log.log("GET /instance/retrieval failed: %s", e.getMessage());
                checkDeadline(deadline, timeout, e.getMessage());
                Thread.sleep(POLL_MILLIS);
                continue;
            }
            double now = (System.nanoTime() - startedNanos) / 1e6;
            String phase = phaseOf(retrieval);
            if (phases.isEmpty() || !phases.get(phases.size() - 1).name().equals(phase)) {
                phases.add(new Phase(phase, now));
            }
            if ("failed".equals(retrieval.status())) {
                throw new IllegalStateException("retrieval failed: " + retrieval.alerts());
            }
            if ("finished".equals(retrieval.status())) {
                String fresh = newSnapshot(client, snapshotsBefore);
                if (fresh != null) {
                    // the phase list ends where "finished" was first seen
                    phases.remove(phases.size() - 1);
                    return new Run(now, List.copyOf(phases), fresh);
                }
            }
            checkDeadline(deadline, timeout, "retrieval is " + retrieval);
            Thread.sleep(POLL_MILLIS);
        }
    }

    /** A snapshot id GET /snapshots lists that was not there before; null when none is, or the request failed. */
    private static String newSnapshot(DblabClient client, Set<String> before) {
        try {
            return client.snapshots().stream().map(Snapshot::id).filter(id -> !before.contains(id)).findFirst().orElse(null);
        } catch (DblabApiException e) {
            Log.log("GET /snapshots failed: %s", e.getMessage());
            return null;
        }
    }

    private static void checkDeadline(long deadline, Duration timeout, String state) {
        if (System.nanoTime() > deadline) {
            throw new IllegalStateException("no new snapshot after " + timeout + ": " + state);
        }
    }

    /**
     * "schema", "copy", "indexes", "analyze", "basebackup" … while refreshing; "preparing" before the first of
     * them (pending, or refreshing without progress yet); otherwise the status (snapshotting …).
     */
    private static String phaseOf(Retrieval retrieval) {
        Progress progress = retrieval.progress();
        boolean refreshing = "refreshing".equals(retrieval.status());
        if (refreshing && progress != null && progress.phase() != null) {
            return progress.phase();
        }
        return refreshing || "pending".equals(retrieval.status()) ? "preparing" : retrieval.status();
    }
}
