package io.dblab.bench;

import java.util.ArrayList;
import java.util.Comparator;
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
    /** POST /snapshot round trips on the idle source. */
    final List<Traced> snapshotsIdle = new ArrayList<>();
    /** POST /snapshot while pgbench writes to the source, one series per write rate. */
    final List<LoadSeries> loaded = new ArrayList<>();
    /** Requests the engine answered with an error (with what it said), which the figures leave out. */
    final List<String> engineErrors = new ArrayList<>();

    /** A timed operation of the engine with the commands it ran meanwhile. */
    record Traced(double millis, List<CommandTrace.Span> commands) {
        Map<String, Double> byName() {
            return CommandTrace.byName(commands, millis);
        }
    }

    /**
     * Snapshots while {@code pgbench -c 1} writes to the source, limited to {@code rate} transactions
     * per second (0: as fast as it goes).
     */
    static final class LoadSeries {
        final int rate;
        final BenchEngine.Tuning tuning;
        final List<Traced> snapshots = new ArrayList<>();
        /** Per snapshot: WAL the source had written since its last checkpoint's redo point when it was requested. */
        final List<Long> walSinceSourceCheckpoint = new ArrayList<>();
        /** How old the snapshot's data was: request → dataStateAt. */
        final Sample dataAge = new Sample();
        /** The most replication lag GET /status showed before a snapshot. */
        long maxLagBytes;
        /** What pgbench achieved while the snapshots were taken. */
        double tps;

        LoadSeries(int rate, BenchEngine.Tuning tuning) {
            this.rate = rate;
            this.tuning = tuning;
        }

        Sample times() {
            return sample(snapshots, Traced::millis);
        }

        Traced slowest() {
            return snapshots.stream().max(Comparator.comparingDouble(Traced::millis)).orElseThrow();
        }

        String pgbench() {
            return rate == 0 ? "pgbench -c 1" : "pgbench -c 1 -R " + rate;
        }

        /** "`pgbench -c 1`", and the engine's setting when they are not the defaults. */
        String label() {
            return "`" + pgbench() + "`" + (tuning.equals(BenchEngine.Tuning.DEFAULTS) ? ""
                    : " (engine with `checkpointSource: true`)");
        }
    }

    RetrievalResult(int scale, long databaseBytes) {
        this.scale = scale;
        this.databaseBytes = databaseBytes;
    }

    Sample snapshotIdle() {
        return sample(snapshotsIdle, Traced::millis);
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
