package io.dblab.bench;

import io.dblab.client.DblabApiException;
import io.dblab.client.model.Snapshot;
import io.dblab.engine.config.EngineConfig;
import io.dblab.pg.process.Command;
import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The retrieval benchmark (run it with bench/run-retrieval-bench.sh, as root). For each database size:
 * logical full refreshes through the engine against the same copy made by hand (pg_dump, initdb,
 * start, pg_restore), alternating; then physical retrieval: engine start → first snapshot, and
 * {@code POST /snapshot} on the running standby, idle and while pgbench writes to the source.
 * Writes its section of docs/benchmarks.md.
 */
public final class RetrievalBench {
    static final int JOBS = 2;
    /** Pause between physical snapshots, idle and under load alike. */
    static final Duration SNAPSHOT_PAUSE = Duration.ofSeconds(2);
    /** pgbench runs this long before the first snapshot under load. */
    static final Duration LOAD_RAMP_UP = Duration.ofSeconds(5);
    /**
     * pgbench -c 1 write rates for the snapshots under load, in transactions per second: a light
     * load first, then as fast as one client goes (0).
     */
    static final List<Integer> LOAD_RATES = List.of(100, 0);
    /** Untimed snapshots before the timed ones (the first requests load classes in the engine and the client). */
    static final int SNAPSHOT_WARM_UP = 1;

    /** The command line; --quick is for developing the benchmark, not for the figures in the docs. */
    record Options(List<Integer> scales, int refreshes, int snapshots, String imageSize, Path output, Path workDir,
                   String command, boolean quick) {

        static Options parse(String[] args) {
            boolean quick = Arrays.asList(args).contains("--quick");
            List<Integer> scales = quick ? List.of(1, 5) : List.of(10, 100);
            int refreshes = quick ? 2 : 5;
            int snapshots = quick ? 3 : 5;
            String imageSize = "12GiB";
            Path output = Path.of(quick ? "bench/target/retrieval-bench-quick.md" : "docs/benchmarks.md");
            Path workDir = null;
            String command = "bench/run-retrieval-bench.sh";
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--quick" -> { }
                    case "--scales" -> scales = Arrays.stream(args[++i].split(",")).map(Integer::parseInt).toList();
                    case "--refreshes" -> refreshes = Integer.parseInt(args[++i]);
                    case "--snapshots" -> snapshots = Integer.parseInt(args[++i]);
                    case "--image-size" -> imageSize = args[++i];
                    case "--output" -> output = Path.of(args[++i]);
                    case "--work-dir" -> workDir = Path.of(args[++i]);
                    case "--command" -> command = args[++i];
                    default -> throw new IllegalArgumentException("unknown option " + args[i] + "; options: --quick,"
                            + " --scales 10,100, --refreshes N, --snapshots N, --image-size 12GiB, --output FILE,"
                            + " --work-dir DIR, --command TEXT");
                }
            }
            if (workDir == null) {
                throw new IllegalArgumentException("--work-dir is required (run-retrieval-bench.sh makes one)");
            }
            return new Options(scales, refreshes, snapshots, imageSize, output, workDir, command, quick);
        }
    }

    private RetrievalBench() {}

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        Cleanup cleanup = new Cleanup("retrieval-bench");
        Machine machine = Machine.describe(options.workDir());
        String revision = Machine.sourceRevision();
        String loadBefore = Machine.loadAverage();
        Log.log("machine: %s; load %s; source tree %s", machine.summary(), loadBefore, revision);
        List<RetrievalResult> results = new ArrayList<>();
        Map<String, String> restoreSettings = null;
        try {
            for (int i = 0; i < options.scales().size(); i++) {
                int scale = options.scales().get(i);
                Path dir = options.workDir().resolve("scale-" + scale);
                BenchSource source = cleanup.add(BenchSource.start(new Dataset.Pgbench(scale)));
                RetrievalResult result = new RetrievalResult(scale, source.databaseBytes());
                results.add(result);
                restoreSettings = logical(cleanup, source, dir.resolve("logical"), ports(2 * i), options, result);
                physical(cleanup, source, dir.resolve("physical"), ports(2 * i + 1), options, result);
                cleanup.close(source);
            }
        } finally {
            cleanup.closeAll();
        }
        String section = RetrievalReport.render(machine, options, revision, restoreSettings, results, loadBefore,
                Machine.loadAverage());
        RetrievalReport.SECTION.write(options.output(), section);
        Log.log("wrote %s", options.output());
        System.out.println(section);
    }

    /** Clone ports of the n-th engine: none are used, but each engine gets its own range. */
    private static EngineConfig.PortPool ports(int n) {
        return new EngineConfig.PortPool(17700 + 20 * n, 17700 + 20 * n + 19);
    }

    /**
     * The first fill, then refreshes through the engine and copies by hand in turns (by hand first),
     * so that load that comes and goes weighs on both alike. Retention keeps one snapshot: each
     * refresh deletes the previous one after it has finished (not timed). Returns the server
     * settings the copies by hand used.
     */
    private static Map<String, String> logical(Cleanup cleanup, BenchSource source, Path dir, EngineConfig.PortPool ports,
                                               Options options, RetrievalResult result) throws Exception {
        BenchEngine engine = cleanup.add(BenchEngine.start(dir, source, "logical", ports, options.imageSize(), 1));
        result.logicalFirstFill = engine.firstFill();
        LogicalBaseline byHand = new LogicalBaseline(source, engine.poolRoot().resolve("bench-baseline"), JOBS);
        for (int run = 1; run <= options.refreshes(); run++) {
            settle(engine.poolRoot());
            LogicalBaseline.Run copy;
            // traced like the engine's runs, though nothing is read from it: both pay for the sampling alike
            try (CommandTrace trace = CommandTrace.start(System.nanoTime())) {
                copy = byHand.run("run-" + run);
            }
            result.baselines.add(copy);
            Log.log("scale %d: by hand %s (dump %s, initdb %s, start %s, restore %s; ANALYZE %s)", result.scale,
                    Sample.ms(copy.total()), Sample.ms(copy.dump()), Sample.ms(copy.initdb()), Sample.ms(copy.start()),
                    Sample.ms(copy.restore()), Sample.ms(copy.analyze()));

            settle(engine.poolRoot());
            long started = System.nanoTime();
            RetrievalWatch.Run refresh;
            List<CommandTrace.Span> commands;
            try (CommandTrace trace = CommandTrace.start(started)) {
                refresh = engine.fullRefresh();
                commands = trace.stop();
            }
            result.refreshes.add(refresh);
            result.refreshCommands.add(CommandTrace.byName(commands, refresh.millis()));
            Log.log("scale %d: engine refresh %s, phases %s", result.scale, Sample.ms(refresh.millis()),
                    rounded(refresh.phaseMillis()));
            Log.log("  commands %s", rounded(CommandTrace.byName(commands, refresh.millis())));
        }
        Log.log("scale %d: logical refresh %s, by hand %s, ratio %.2f (with ANALYZE by hand %.2f)", result.scale,
                result.refresh().cell(), result.baseline().cell(), result.ratio(), result.ratioWithAnalyze());
        cleanup.close(engine);
        return byHand.serverSettings();
    }

    /**
     * Engine start → first snapshot on an empty pool; then POST /snapshot on the running standby:
     * idle, and while {@code pgbench -c 1} writes to the source.
     */
    private static void physical(Cleanup cleanup, BenchSource source, Path dir, EngineConfig.PortPool ports,
                                 Options options, RetrievalResult result) throws Exception {
        source.useDefaultCheckpointSettings();
        BenchEngine engine = cleanup.add(BenchEngine.start(dir, source, "physical", ports, options.imageSize(), 0));
        result.physicalFirstFill = engine.firstFill();
        result.physicalFirstFillCommands = new RetrievalResult.Traced(engine.firstFill().millis(),
                engine.firstFillCommands());
        Log.log("scale %d: physical first snapshot after %s, phases %s", result.scale,
                Sample.ms(result.physicalFirstFill.millis()), rounded(result.physicalFirstFill.phaseMillis()));
        Log.log("  commands %s", rounded(result.physicalFirstFillCommands.byName()));
        StandbySync sync = new StandbySync(engine.client(), result.engineErrors);
        sync.awaitCaughtUp(Duration.ofMinutes(5));

        for (int run = 1 - SNAPSHOT_WARM_UP; run <= options.snapshots(); run++) {
            Thread.sleep(SNAPSHOT_PAUSE.toMillis());
            Timed snapshot = snapshot(engine, result.engineErrors);
            if (run > 0 && snapshot != null) {
                result.snapshotsIdle.add(snapshot.traced());
            }
            logSnapshot(result.scale, "idle", snapshot);
        }
        Log.log("scale %d: POST /snapshot idle %s", result.scale, result.snapshotIdle().cell());

        for (int rate : LOAD_RATES) {
            sync.awaitCaughtUp(Duration.ofMinutes(10));
            RetrievalResult.LoadSeries series = new RetrievalResult.LoadSeries(rate, BenchEngine.Tuning.DEFAULTS);
            result.loaded.add(series);
            underLoad(engine, source, sync, dir, options, result, series);
        }
        cleanup.close(engine);
        writeLoadTuned(cleanup, source, dir.resolve("tuned"), ports, options, result);
    }

    /**
     * The unthrottled series again, on an engine with the setting that trades load on the source for faster
     * snapshots under write load (a checkpoint on the source before each snapshot).
     */
    private static void writeLoadTuned(Cleanup cleanup, BenchSource source, Path dir, EngineConfig.PortPool ports,
                                       Options options, RetrievalResult result) throws Exception {
        BenchEngine engine = cleanup.add(BenchEngine.start(dir, source, "physical", ports, options.imageSize(), 0,
                BenchEngine.Tuning.FOR_WRITE_LOAD, BenchEngine.Launch.IN_THIS_JVM));
        StandbySync sync = new StandbySync(engine.client(), result.engineErrors);
        sync.awaitCaughtUp(Duration.ofMinutes(5));
        RetrievalResult.LoadSeries series = new RetrievalResult.LoadSeries(0, BenchEngine.Tuning.FOR_WRITE_LOAD);
        result.loaded.add(series);
        underLoad(engine, source, sync, dir, options, result, series);
        cleanup.close(engine);
    }

    /**
     * POST /snapshot while {@code pgbench -n -c 1} (at the series' rate) writes to the source, from
     * {@link #LOAD_RAMP_UP} after it started.
     */
    private static void underLoad(BenchEngine engine, BenchSource source, StandbySync sync, Path dir, Options options,
                                  RetrievalResult result, RetrievalResult.LoadSeries series) throws Exception {
        File loadLog = dir.resolve("pgbench-load-" + series.rate + ".log").toFile();
        List<String> pgbench = new ArrayList<>(List.of("-n", "-c", "1", "-T", "3600"));
        if (series.rate > 0) {
            pgbench.addAll(List.of("-R", Integer.toString(series.rate)));
        }
        String when = "under load (" + series.label().replace("`", "") + ")";
        long historyBefore = historyRows(source);
        Process load = new ProcessBuilder(source.pgbench(pgbench.toArray(String[]::new)))
                .redirectErrorStream(true).redirectOutput(loadLog).start();
        long loadStarted = System.nanoTime();
        try {
            Thread.sleep(LOAD_RAMP_UP.toMillis());
            if (!load.isAlive()) {
                throw new IllegalStateException("pgbench stopped at once (exit " + load.exitValue() + "); see " + loadLog);
            }
            for (int run = 1; run <= options.snapshots(); run++) {
                Thread.sleep(SNAPSHOT_PAUSE.toMillis());
                series.maxLagBytes = Math.max(series.maxLagBytes, sync.lagBytes());
                long wal = walSinceCheckpoint(source);
                Instant requested = Instant.now();
                Timed snapshot = snapshot(engine, result.engineErrors);
                logSnapshot(result.scale, when + ", " + (wal >> 20) + " MB of WAL since the source's checkpoint,", snapshot);
                if (snapshot != null) {
                    series.snapshots.add(snapshot.traced());
                    series.walSinceSourceCheckpoint.add(wal);
                    series.dataAge.add(Math.max(0,
                            Duration.between(Instant.parse(snapshot.snapshot().dataStateAt()), requested).toMillis()));
                }
            }
        } finally {
            // the load generator is ours: stop it by its own handle
            load.destroy();
            if (!load.waitFor(30, TimeUnit.SECONDS)) {
                load.destroyForcibly();
            }
        }
        double loadSeconds = (System.nanoTime() - loadStarted) / 1e9;
        series.tps = (historyRows(source) - historyBefore) / loadSeconds;
        Log.log("scale %d: POST /snapshot %s %s; %.0f tps; data age %s; lag up to %d kB", result.scale, when,
                series.snapshots.isEmpty() ? "failed" : series.times().cell(), series.tps, series.dataAge.cell(),
                series.maxLagBytes >> 10);
    }

    private record Timed(RetrievalResult.Traced traced, Snapshot snapshot) {}

    /**
     * POST /snapshot, which answers once the snapshot exists, with the commands the engine ran
     * meanwhile; null, and the error noted, when the engine answers with an error.
     */
    private static Timed snapshot(BenchEngine engine, List<String> errors) {
        long started = System.nanoTime();
        try (CommandTrace trace = CommandTrace.start(started)) {
            Snapshot snapshot = engine.client().createSnapshot(null);
            double millis = (System.nanoTime() - started) / 1e6;
            return new Timed(new RetrievalResult.Traced(millis, trace.stop()), snapshot);
        } catch (DblabApiException e) {
            errors.add(String.format(Locale.ROOT, "POST /snapshot (after %s): %s",
                    Sample.ms((System.nanoTime() - started) / 1e6), e.getMessage()));
            return null;
        }
    }

    private static void logSnapshot(int scale, String when, Timed snapshot) {
        if (snapshot == null) {
            Log.log("scale %d: POST /snapshot %s failed (noted for the report)", scale, when);
            return;
        }
        Log.log("scale %d: POST /snapshot %s %s: %s", scale, when, Sample.ms(snapshot.traced().millis()),
                snapshot.traced().commands().stream()
                        .map(s -> s.name() + " " + Sample.ms(s.startMillis()) + "+" + Sample.ms(s.millis())).toList());
    }

    /** Bytes of WAL the source wrote since the redo point of its last checkpoint. */
    private static long walSinceCheckpoint(BenchSource source) {
        return Long.parseLong(source.postgres().psql().run("postgres",
                "SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), redo_lsn)::bigint FROM pg_control_checkpoint()").strip());
    }

    /** Every transaction of pgbench's default script adds a row to pgbench_history. */
    private static long historyRows(BenchSource source) {
        return Long.parseLong(source.postgres().psql().run(BenchSource.DATABASE,
                "SELECT count(*) FROM pgbench_history").strip());
    }

    /**
     * Not timed, before every timed run: dirty pages go to disk and btrfs finishes cleaning up
     * deleted subvolumes, so that no run pays for the one before.
     */
    private static void settle(Path poolRoot) {
        Command.of("sync").timeout(Duration.ofMinutes(10)).check();
        // commits the btrfs transaction, which wakes the cleaner at once rather than at the next 30 s commit
        Command.of("btrfs", "filesystem", "sync", poolRoot.toString()).timeout(Duration.ofMinutes(10)).check();
        Command.of("btrfs", "subvolume", "sync", poolRoot.toString()).timeout(Duration.ofMinutes(10)).check();
    }

    private static Map<String, String> rounded(Map<String, Double> millis) {
        Map<String, String> text = new LinkedHashMap<>();
        millis.forEach((name, value) -> text.put(name, Sample.ms(value)));
        return text;
    }
}
