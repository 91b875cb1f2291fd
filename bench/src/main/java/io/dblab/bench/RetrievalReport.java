package io.dblab.bench;

import static io.dblab.bench.DocSection.met;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;

/** The retrieval benchmark's section of docs/benchmarks.md, in Markdown. */
final class RetrievalReport {
    static final DocSection SECTION = new DocSection("retrieval-bench", "bench/run-retrieval-bench.sh");
    static final double MAX_REFRESH_RATIO = 1.1;
    static final double MAX_SNAPSHOT_MILLIS = 5000;
    /** Commands of the physical first fill shorter than this are summed up in one line, not listed. */
    private static final double LISTED_COMMAND_MILLIS = 100;

    /** The steps of the copy by hand, under the names the engine's commands have in the trace. */
    private static final Map<String, ToDoubleFunction<LogicalBaseline.Run>> BY_HAND = Map.of(
            "pg_dump", LogicalBaseline.Run::dump,
            "initdb", LogicalBaseline.Run::initdb,
            "pg_ctl start", LogicalBaseline.Run::start,
            "pg_restore", LogicalBaseline.Run::restore,
            "vacuumdb", LogicalBaseline.Run::analyze);

    private RetrievalReport() {}

    static String render(Machine machine, RetrievalBench.Options options, String revision,
                         Map<String, String> restoreSettings, List<RetrievalResult> results, String loadBefore,
                         String loadAfter) {
        StringBuilder md = new StringBuilder(SECTION.head("Retrieval: logical refresh and physical snapshots", machine,
                options.command(), options.quick()));
        md.append(String.format(Locale.ROOT, "Machine: %s. Built from %s. Each engine runs in the benchmark's JVM "
                        + "(API on loopback HTTP) with one btrfs pool on a sparse %s image file on %s, loop-mounted (btrfs "
                        + "quotas off, the default); the source is a PostgreSQL server on "
                        + "the same machine filled by `pgbench -i -s <scale>`, which the engine reaches over its Unix "
                        + "socket. The benchmark and the servers it starts ran at nice %s; load average (1 min) %s at "
                        + "the start, %s at the end (other work on the machine, if any, is in the figures).\n\n",
                machine.summary(), revision, options.imageSize(), machine.workDirFileSystem(), machine.niceness(),
                loadBefore, loadAfter));
        md.append(METHOD.replace("{jobs}", Integer.toString(RetrievalBench.JOBS))
                .replace("{settings}", restoreSettings == null ? "" : restoreSettings.entrySet().stream()
                        .map(e -> e.getKey() + "=" + (e.getValue().isEmpty() ? "''" : e.getValue()))
                        .collect(Collectors.joining(" ")))
                .replace("{poll}", Long.toString(RetrievalWatch.POLL_MILLIS))
                .replace("{sample}", Long.toString(CommandTrace.SAMPLE_MILLIS))
                .replace("{pause}", Long.toString(RetrievalBench.SNAPSHOT_PAUSE.toSeconds()))
                .replace("{warm}", Integer.toString(RetrievalBench.SNAPSHOT_WARM_UP))
                .replace("{ramp}", Long.toString(RetrievalBench.LOAD_RAMP_UP.toSeconds())));
        for (RetrievalResult r : results) {
            md.append(String.format(Locale.ROOT, "### pgbench scale %d: database of %d MB\n\n", r.scale,
                    r.databaseBytes >> 20));
            logical(md, r);
            physical(md, r);
        }
        targets(md, results);
        md.append(SECTION.end()).append("\n");
        return md.toString();
    }

    private static final String METHOD = """
            **What is timed.** Figures are median (min – max).

            - **Logical refresh through the engine**: `POST /full-refresh` → `GET /instance/retrieval` every {poll} ms
              until the status is `finished` and `GET /snapshots` lists a new snapshot. In one exported snapshot
              of each source database, the engine dumps all but the tables' rows (`pg_dump -Fc -Z 1 --no-sync`)
              while, beside it, it makes a new data subvolume from its cluster template and starts a server with
              restore-only settings, with the source's roles (`pg_dumpall --roles-only`) and empty databases; then it
              restores the definitions (`pg_restore --section=pre-data`), copies the rows with {jobs} workers, each a
              `psql` on the source running `COPY … TO STDOUT` piped into a `psql` on the restore server (`psql copy`
              below is the source side), restores the rest (`pg_restore -j {jobs}`: sequence values, indexes,
              constraints) while `sync -f` writes the copied rows out, runs `vacuumdb --analyze-only -j {jobs}` on the
              restored database (beside another `sync -f`), gives login roles random passwords, `CHECKPOINT`, stops the server cleanly and takes the
              btrfs snapshot (which writes out what is left itself). It keeps one
              snapshot (retention 1): the previous one is deleted after `finished`, not timed. The first fill
              (engine start on an empty pool → first snapshot) is shown apart.
            - **By hand**, the baseline, in turns with the engine's refreshes (by hand first): `pg_dump -Fd -j {jobs}
              --no-sync` of the source database into a directory, `initdb`, start a fresh server, `CREATE DATABASE` +
              `pg_restore -j {jobs} --no-tablespaces`; timed from the start of pg_dump to the end of pg_restore,
              **initdb and start included** (the engine's refresh includes them too). The same tools and server
              settings as the engine's restore server ({settings}), on the same btrfs file system as the pool, so
              that the difference is what the engine adds; pg_dump with its default compression, as a plain
              `pg_dump | pg_restore` runs. ANALYZE by hand (`vacuumdb --analyze-only
              -j {jobs}` on the restored database, as the engine does) is timed apart: the ratio is given against the baseline without and with it.
            - Before every timed run, not timed: `sync` and `btrfs subvolume sync` on the pool (no run pays for the
              writes or deleted subvolumes of the one before).
            - **Where the engine's time goes**: the commands it runs are children of the benchmark's JVM, listed
              every {sample} ms (start from /proc, end when they exit), added up by name; "between commands" is the
              time when none ran (the engine's own work, and commands shorter than {sample} ms such as most psql
              calls). `psql -c X` is psql with the SQL X on its command line (the engine's queries to the source);
              plain `psql` gets its SQL on stdin (roles, checkpoints of the standby and the promoted copy, random
              passwords, the engine's replication check every 5 s, and the restore server's side of the row copy);
              `psql session` is the source transaction that holds a logical copy's snapshot, from before pg_dump
              to the end of the row copy. Phases are those
              `GET /instance/retrieval` showed (progress phase while refreshing, else the status).
            - **Physical**: engine start on an empty pool with `retrieval.mode: physical` → first snapshot
              (`pg_basebackup -X stream`, standby start, snapshot from a promoted copy); then, with the standby
              streaming and caught up, `POST /snapshot` (which answers once the snapshot exists) {pause} s apart
              after {warm} untimed; idle, then while `pgbench -n -c 1` writes to the source, first limited to a light
              load (`-R`), then as fast as one client goes; from {ramp} s after pgbench started, with the standby
              caught up before each series. For this part the source runs with PostgreSQL's default checkpoint
              settings (`max_wal_size` 1GB, `checkpoint_timeout` 5min; the logical part used 4GB to load faster):
              the promoted copy replays the WAL written since the source's last checkpoint, so these settings
              bound a snapshot's time under write load.
              Last, the unthrottled series again on a second engine with the setting that trades load on the
              source for faster snapshots under write load: `retrieval.physical.checkpointSource: true` (a
              checkpoint on the source before each snapshot).

            """;

    private static void logical(StringBuilder md, RetrievalResult r) {
        md.append(String.format(Locale.ROOT, "#### Logical refresh (%d jobs)\n\n", RetrievalBench.JOBS));
        md.append("| | time |\n|---|---|\n");
        md.append("| engine: start on an empty pool → first snapshot (N=1) | ").append(Sample.ms(r.logicalFirstFill.millis()))
                .append(" |\n");
        md.append(String.format(Locale.ROOT, "| **engine: `POST /full-refresh` → finished with a new snapshot** (N=%d) | "
                + "**%s** |\n", r.refresh().count(), r.refresh().cell()));
        md.append(String.format(Locale.ROOT, "| **by hand: dump + initdb + start + restore** (N=%d) | **%s** |\n",
                r.baseline().count(), r.baseline().cell()));
        md.append(String.format(Locale.ROOT, "| by hand + ANALYZE (N=%d) | %s |\n\n", r.baselineWithAnalyze().count(),
                r.baselineWithAnalyze().cell()));
        double analyze = r.baselineStep(LogicalBaseline.Run::analyze).median();
        md.append(String.format(Locale.ROOT, "Engine / by hand (medians): **%.2f×**, target ≤ %.1f×: %s. Against by hand "
                        + "with ANALYZE: %.2f×. ANALYZE by hand took %s, %.0f%% of the copy with ANALYZE.\n\n",
                r.ratio(), MAX_REFRESH_RATIO, met(r.ratio() <= MAX_REFRESH_RATIO), r.ratioWithAnalyze(),
                Sample.ms(analyze), 100 * analyze / r.baselineWithAnalyze().median()));

        md.append("Where the time goes (medians; the engine's commands as traced, the steps by hand as timed; commands "
                + "caught in fewer than half of the runs are left out):\n\n");
        md.append("| command | engine refresh | by hand |\n|---|---|---|\n");
        Map<String, Double> engine = betweenLast(seenInMostRuns(Sample.medianByKey(r.refreshCommands)));
        engine.forEach((name, millis) -> {
            ToDoubleFunction<LogicalBaseline.Run> step = BY_HAND.get(name);
            String byHand = step == null ? "–" : Sample.ms(r.baselineStep(step).median())
                    + ("vacuumdb".equals(name) ? " (not in the baseline)" : "")
                    + ("pg_restore".equals(name) ? " (with CREATE DATABASE)" : "");
            md.append("| ").append(label(name)).append(" | ").append(Sample.ms(millis)).append(" | ").append(byHand)
                    .append(" |\n");
        });
        md.append("| total | ").append(Sample.ms(r.refresh().median())).append(" | ")
                .append(Sample.ms(r.baseline().median())).append(" (").append(Sample.ms(r.baselineWithAnalyze().median()))
                .append(" with ANALYZE) |\n\n");
        double other = r.refreshOtherSteps().median();
        md.append(String.format(Locale.ROOT, "The steps both do (pg_dump, initdb, start, pg_restore; for the engine also the copy of the rows, "
                        + "which does what pg_dump and pg_restore do with them by hand) took the engine %s "
                        + "(median) against %s by hand; everything else the engine does (queries to the source, roles, "
                        + "subvolumes, ANALYZE, random passwords, CHECKPOINT, stop, sync, snapshot, its own work) took %s, "
                        + "%.0f%% of the copy by hand: with the steps both do as fast as by hand, the engine would take "
                        + "%.2f× the baseline.\n\n",
                Sample.ms(r.refreshSharedSteps().median()), Sample.ms(r.baseline().median()), Sample.ms(other),
                100 * other / r.baseline().median(), 1 + other / r.baseline().median()));
        md.append("Phases as `/instance/retrieval` showed them (medians): ").append(phases(r.refreshPhases()))
                .append(". The `schema` phase lasts until the definitions are restored: it covers pg_dump, and beside it "
                        + "the roles, the new data subvolume, initdb and the server start.\n\n");
    }

    private static void physical(StringBuilder md, RetrievalResult r) {
        md.append("#### Physical (pg_basebackup, streaming standby)\n\n");
        md.append("Engine start on an empty pool → first snapshot: **").append(Sample.ms(r.physicalFirstFill.millis()))
                .append("** (N=1); phases: ").append(phases(r.physicalFirstFill.phaseMillis()))
                .append(". The commands the engine ran, in order:\n\n");
        timeline(md, r.physicalFirstFillCommands);
        if (r.snapshotsIdle.isEmpty() || r.loaded.stream().anyMatch(series -> series.snapshots.isEmpty())) {
            md.append("**`POST /snapshot` failed every time, idle or under some load.**\n\n");
            engineErrors(md, r);
            return;
        }

        Sample idleTimes = r.snapshotIdle();
        md.append("| `POST /snapshot` on the running standby | time | target < 5 s |\n|---|---|---|\n");
        md.append(String.format(Locale.ROOT, "| idle (N=%d) | %s | %s |\n", idleTimes.count(), idleTimes.cell(),
                met(idleTimes.median() < MAX_SNAPSHOT_MILLIS)));
        for (RetrievalResult.LoadSeries series : r.loaded) {
            Sample times = series.times();
            md.append(String.format(Locale.ROOT, "| while %s writes to the source: %.0f tps (N=%d) | %s | %s |\n",
                    series.label(), series.tps, times.count(), times.cell(), met(times.median() < MAX_SNAPSHOT_MILLIS)));
        }
        md.append("\n");
        for (RetrievalResult.LoadSeries series : r.loaded) {
            md.append("Under ").append(series.label()).append(", in order: ");
            for (int i = 0; i < series.snapshots.size(); i++) {
                md.append(i == 0 ? "" : ", ").append(Sample.ms(series.snapshots.get(i).millis())).append(" (")
                        .append(series.walSinceSourceCheckpoint.get(i) >> 20).append(" MB)");
            }
            md.append(String.format(Locale.ROOT, "; the snapshots held the source's data of %s before the request "
                            + "(request time − dataStateAt); before a snapshot the standby lagged up to %d kB behind (as "
                            + "`/status` showed it).\n\n", series.dataAge.cell(), series.maxLagBytes >> 10));
        }
        md.append("In parentheses: the WAL the source had written since its last checkpoint when the snapshot was "
                + "requested (the promoted copy replays the WAL since the standby's last restartpoint, and a standby can "
                + "only make a restartpoint where the source wrote a checkpoint).\n\n");

        md.append("Where a snapshot's time goes (medians; commands caught in fewer than half of the snapshots are left "
                + "out):\n\n| command | idle |");
        r.loaded.forEach(series -> md.append(" ").append(series.label()).append(" |"));
        md.append("\n|---|---|").append("---|".repeat(r.loaded.size())).append("\n");
        List<Map<String, Double>> columns = new ArrayList<>();
        columns.add(Sample.medianByKey(r.snapshotsIdle.stream().map(RetrievalResult.Traced::byName).toList()));
        r.loaded.forEach(series -> columns.add(
                Sample.medianByKey(series.snapshots.stream().map(RetrievalResult.Traced::byName).toList())));
        Map<String, Double> names = new LinkedHashMap<>();
        columns.forEach(column -> seenInMostRuns(column).forEach(names::putIfAbsent));
        for (String name : betweenLast(names).keySet()) {
            md.append("| ").append(label(name)).append(" |");
            columns.forEach(column -> md.append(" ").append(Sample.ms(column.getOrDefault(name, 0.0))).append(" |"));
            md.append("\n");
        }
        md.append("| total | ").append(Sample.ms(idleTimes.median())).append(" |");
        r.loaded.forEach(series -> md.append(" ").append(Sample.ms(series.times().median())).append(" |"));
        md.append("\n\n");
        for (RetrievalResult.LoadSeries series : r.loaded) {
            RetrievalResult.Traced slowest = series.slowest();
            md.append("The slowest snapshot under ").append(series.label()).append(" (")
                    .append(Sample.ms(slowest.millis())).append("), commands in order:\n\n");
            timeline(md, slowest);
        }
        engineErrors(md, r);
    }

    private static void engineErrors(StringBuilder md, RetrievalResult r) {
        if (!r.engineErrors.isEmpty()) {
            md.append("**The engine answered ").append(r.engineErrors.size())
                    .append(" request(s) with an error** (left out of the figures):\n\n");
            r.engineErrors.forEach(error -> md.append("- `").append(error.replace("`", "'")).append("`\n"));
            md.append("\n");
        }
    }

    /** The commands of one traced operation in order; short ones are summed up in one line. */
    private static void timeline(StringBuilder md, RetrievalResult.Traced traced) {
        md.append("| command | started at | took |\n|---|---|---|\n");
        double shortOnes = 0;
        int shortCount = 0;
        for (CommandTrace.Span span : traced.commands()) {
            if (span.startMillis() > traced.millis()) {
                continue;
            }
            if (span.millis() < LISTED_COMMAND_MILLIS) {
                shortOnes += span.millis();
                shortCount++;
                continue;
            }
            md.append("| ").append(label(span.name())).append(" | ").append(Sample.ms(span.startMillis())).append(" | ")
                    .append(Sample.ms(span.millis())).append(" |\n");
        }
        if (shortCount > 0) {
            md.append(String.format(Locale.ROOT, "| %d shorter command%s | | %s together |\n", shortCount,
                    shortCount == 1 ? "" : "s", Sample.ms(shortOnes)));
        }
        md.append("| between commands | | ").append(Sample.ms(traced.byName().get(CommandTrace.BETWEEN)))
                .append(" |\n\n");
    }

    private static void targets(StringBuilder md, List<RetrievalResult> results) {
        md.append("### Targets\n\n");
        for (RetrievalResult r : results) {
            md.append(String.format(Locale.ROOT, "- Scale %d, logical refresh: engine %.2f× by hand (%s / %s), target ≤ "
                            + "%.1f×: %s (%.2f× against by hand with ANALYZE).\n", r.scale, r.ratio(),
                    Sample.ms(r.refresh().median()), Sample.ms(r.baseline().median()), MAX_REFRESH_RATIO,
                    met(r.ratio() <= MAX_REFRESH_RATIO), r.ratioWithAnalyze()));
        }
        for (RetrievalResult r : results) {
            if (r.snapshotsIdle.isEmpty() || r.loaded.stream().anyMatch(series -> series.snapshots.isEmpty())) {
                md.append(String.format(Locale.ROOT, "- Scale %d, physical `POST /snapshot`: **failed**.\n", r.scale));
                continue;
            }
            md.append(String.format(Locale.ROOT, "- Scale %d, physical `POST /snapshot`, target < 5 s: idle %s %s",
                    r.scale, Sample.ms(r.snapshotIdle().median()), met(r.snapshotIdle().median() < MAX_SNAPSHOT_MILLIS)));
            for (RetrievalResult.LoadSeries series : r.loaded) {
                double median = series.times().median();
                md.append(String.format(Locale.ROOT, "; under %s (%.0f tps) %s %s", series.label(), series.tps,
                        Sample.ms(median), met(median < MAX_SNAPSHOT_MILLIS)));
            }
            md.append(String.format(Locale.ROOT, " (first snapshot after engine start: %s).\n",
                    Sample.ms(r.physicalFirstFill.millis())));
        }
        md.append("\n");
    }

    /** Medians over runs count a command missing from a run as 0: a median of 0 means it was caught in few runs. */
    private static Map<String, Double> seenInMostRuns(Map<String, Double> medians) {
        Map<String, Double> seen = new LinkedHashMap<>(medians);
        seen.values().removeIf(millis -> millis == 0);
        return seen;
    }

    /** The same map with {@value CommandTrace#BETWEEN} moved to the end, after the commands. */
    private static Map<String, Double> betweenLast(Map<String, Double> commands) {
        Map<String, Double> ordered = new LinkedHashMap<>(commands);
        Double between = ordered.remove(CommandTrace.BETWEEN);
        if (between != null) {
            ordered.put(CommandTrace.BETWEEN, between);
        }
        return ordered;
    }

    private static String phases(Map<String, Double> phases) {
        return phases.entrySet().stream().map(e -> e.getKey() + " " + Sample.ms(e.getValue()))
                .collect(Collectors.joining(", "));
    }

    private static String label(String command) {
        return CommandTrace.BETWEEN.equals(command) ? command : "`" + command + "`";
    }
}
