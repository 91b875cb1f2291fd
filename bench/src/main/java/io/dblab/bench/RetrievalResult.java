package io.dblab.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/** Everything the retrieval benchmark measured for one database size. */
final class RetrievalResult {
    final int scale;
    final long databaseBytes;

    /** Logical: engine start → first snapshot, then the timed full refreshes and the copies by hand. */
    RetrievalWatch.Run logicalFirstFill;
    final List<RetrievalWatch.Run> refreshes = new ArrayList<>();
    /** Per refresh: time per command the engine ran (see {@link CommandTrace#byName}). */
    final List<Map<String, Double>> refreshCommands = new ArrayList<>();
    final List<LogicalBaseline.Run> baselines = new ArrayList<>();

    /** Physical: engine start → first snapshot, with its phases and the commands the engine ran. */
    RetrievalWatch.Run physicalFirstFill;
    Traced physicalFirstFillCommands;
    /** POST /snapshot round trips, idle and while pgbench writes to the source. */
    final List<Traced> snapshotsIdle = new ArrayList<>();
    final List<Traced> snapshotsLoaded = new ArrayList<>();
    /** Per snapshot under load: WAL the source had written since its last checkpoint's redo point. */
    final List<Long> walSinceSourceCheckpoint = new ArrayList<>();
    /** Diagnostic, not one of the timed runs: one more snapshot under load right after CHECKPOINT on the source. */
    Traced afterSourceCheckpoint;
    long walAfterSourceCheckpoint;
    /** Under load: how old the snapshot's data was (request → dataStateAt), and the replication lag seen before it. */
    final Sample snapshotDataAge = new Sample();
    long maxLagBytes;
    /** Under load: pgbench transactions per second on the source while the snapshots were taken. */
    double loadTps;

    /** A timed operation of the engine with the commands it ran meanwhile. */
    record Traced(double millis, List<CommandTrace.Span> commands) {
        Map<String, Double> byName() {
            return CommandTrace.byName(commands, millis);
        }
    }

    RetrievalResult(int scale, long databaseBytes) {
        this.scale = scale;
        this.databaseBytes = databaseBytes;
    }

    Sample snapshotIdle() {
        return sample(snapshotsIdle, Traced::millis);
    }

    Sample snapshotLoaded() {
        return sample(snapshotsLoaded, Traced::millis);
    }

    Traced slowestLoadedSnapshot() {
        return snapshotsLoaded.stream().max(java.util.Comparator.comparingDouble(Traced::millis)).orElseThrow();
    }

    /**
     * Per refresh, the engine's time in the commands the copy by hand runs too (pg_dump, initdb,
     * start, pg_restore), and the rest: what the engine does besides.
     */
    Sample refreshSharedSteps() {
        return sample(refreshCommands, RetrievalResult::sharedSteps);
    }

    Sample refreshOtherSteps() {
        Sample other = new Sample();
        for (int i = 0; i < refreshes.size(); i++) {
            other.add(refreshes.get(i).millis() - sharedSteps(refreshCommands.get(i)));
        }
        return other;
    }

    private static double sharedSteps(Map<String, Double> commands) {
        return LogicalBaseline.SHARED_COMMANDS.stream().mapToDouble(name -> commands.getOrDefault(name, 0.0)).sum();
    }

    Sample refresh() {
        return sample(refreshes, RetrievalWatch.Run::millis);
    }

    Sample baseline() {
        return sample(baselines, LogicalBaseline.Run::total);
    }

    Sample baselineWithAnalyze() {
        return sample(baselines, LogicalBaseline.Run::withAnalyze);
    }

    Sample baselineStep(ToDoubleFunction<LogicalBaseline.Run> step) {
        return sample(baselines, step);
    }

    /** Engine refresh against the baseline as defined (medians). */
    double ratio() {
        return refresh().median() / baseline().median();
    }

    /** Engine refresh against the baseline with ANALYZE (medians). */
    double ratioWithAnalyze() {
        return refresh().median() / baselineWithAnalyze().median();
    }

    Map<String, Double> refreshPhases() {
        return Sample.medianByKey(refreshes.stream().map(RetrievalWatch.Run::phaseMillis).toList());
    }

    private static <T> Sample sample(List<T> runs, ToDoubleFunction<T> value) {
        Sample sample = new Sample();
        runs.forEach(run -> sample.add(value.applyAsDouble(run)));
        return sample;
    }
}
