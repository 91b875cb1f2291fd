package io.dblab.engine.retrieval;

import io.dblab.client.model.ApiTime;
import io.dblab.client.model.Retrieval;
import io.dblab.engine.schedule.Alerts;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * What retrieval is doing, in the reference's words: {@code inactive}, {@code pending},
 * {@code refreshing}, {@code snapshotting}, {@code finished} or {@code failed}, with alerts that say why.
 * The alerts of all background work are kept here, since the reference serves alerts in this part of
 * {@code /status} (and in {@code /instance/retrieval}).
 */
public final class RetrievalStatus implements Alerts {
    private final String mode;
    private String status;
    private Instant lastRefresh;
    private Instant nextRefresh;
    private final Map<String, Retrieval.Alert> alerts = new LinkedHashMap<>();
    private final ProgressTracker progress = new ProgressTracker();

    public RetrievalStatus(String mode, String initial) {
        this.mode = mode;
        this.status = initial;
    }

    public synchronized void moveTo(String newStatus) {
        status = newStatus;
    }

    /** Starts measuring a phase: {@code done} is read every few seconds until the next phase or the end. */
    public void track(String phase, String unit, long total, LongSupplier done) {
        progress.start(phase, unit, total, done);
    }

    public synchronized String status() {
        return status;
    }

    public synchronized void finished(Instant when) {
        status = "finished";
        progress.stop();
        lastRefresh = when;
        alerts.remove("refresh_failed");
    }

    public synchronized void nextRefresh(Instant when) {
        nextRefresh = when;
    }

    @Override
    public synchronized void alert(String type, String level, String message) {
        Retrieval.Alert previous = alerts.get(type);
        int count = previous == null ? 1 : previous.count() + 1;
        alerts.put(type, new Retrieval.Alert(level, message, ApiTime.format(Instant.now()), count));
    }

    /** Drops an alert whose cause is gone. */
    @Override
    public synchronized void clearAlert(String type) {
        alerts.remove(type);
    }

    /** How many alerts of this level ({@code error}, {@code warning}) stand. */
    public synchronized long alertCount(String level) {
        return alerts.values().stream().filter(alert -> level.equals(alert.level())).count();
    }

    public synchronized void failed(String message) {
        status = "failed";
        progress.stop();
        alert("refresh_failed", "error", message);
    }

    public synchronized Retrieval view() {
        // no schedule: nextRefresh is null, as the reference sends it
        return new Retrieval(mode, status, ApiTime.format(lastRefresh), ApiTime.formatOrNull(nextRefresh),
                Map.copyOf(alerts), null, progress.view());
    }
}
