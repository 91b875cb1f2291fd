package io.dblab.bench;

import io.dblab.client.DblabClient;
import io.dblab.engine.config.EngineConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Cost as clones accumulate (run it with bench/run-accumulation-bench.sh, as root): clones made one
 * after another through the API of a {@code ./dblab engine run} process until there are N of them,
 * against the same N made by hand on the same pool and snapshot (btrfs snapshot, pg_ctl start, role,
 * connection). For each: the time of the first and the last 20, the memory of the N idle clones
 * (PSS) and the CPU they and the engine use while idle; through the API also what {@code GET /metrics},
 * {@code /status} and {@code /clones} cost at 1 clone (in the first series) and at N ({@link ScrapeCost}).
 * Writes its section of docs/benchmarks.md.
 */
public final class AccumulationBench {
    static final DocSection SECTION = new DocSection("accumulation-bench", "bench/run-accumulation-bench.sh");
    private static final String USER = "bench_user";
    private static final String PASSWORD = "Accumulate-Bench-8421-pine";
    /** The first and last this many clones are compared. */
    private static final int EDGE = 20;
    private static final long SETTLE_MILLIS = 5_000;
    private static final long IDLE_MILLIS = 30_000;
    /** The target for a scrape of /metrics at each count, median after warm-up. */
    private static final double MAX_METRICS_MILLIS = 1000;

    record Options(List<Integer> counts, Path output, Path workDir, String command, boolean quick, boolean quotas) {
        static Options parse(String[] args) {
            boolean quick = Arrays.asList(args).contains("--quick");
            boolean quotas = Arrays.asList(args).contains("--quotas");
            List<Integer> counts = quick ? List.of(40, 60) : List.of(200, 500);
            Path output = Path.of(quick ? "bench/target/accumulation-bench-quick.md" : "docs/benchmarks.md");
            Path workDir = null;
            String command = "bench/run-accumulation-bench.sh";
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--quick", "--quotas" -> { }
                    case "--counts" -> counts = Arrays.stream(args[++i].split(",")).map(Integer::parseInt).toList();
                    case "--output" -> output = Path.of(args[++i]);
                    case "--work-dir" -> workDir = Path.of(args[++i]);
                    case "--command" -> command = args[++i];
                    default -> throw new IllegalArgumentException("unknown option " + args[i]
                            + "; options: --quick, --quotas, --counts 200,500, --output FILE, --work-dir DIR, --command TEXT");
                }
            }
            if (workDir == null) {
                throw new IllegalArgumentException("--work-dir is required (run-accumulation-bench.sh makes one)");
            }
            if (counts.isEmpty() || counts.stream().anyMatch(n -> n < 2 * EDGE)) {
                throw new IllegalArgumentException("--counts: each at least " + 2 * EDGE);
            }
            return new Options(counts, output, workDir, command, quick, quotas);
        }
    }

    /** One way of making N clones, measured; through the API, with the cost of reading its state on the way. */
    record Series(int clones, List<Double> millis, ProcessMemory.Usage memory, double idleCpuPercent,
                  double engineIdleCpuPercent, List<ScrapeCost.Result> scrapes) {
        double firstMean() {
            return millis.subList(0, EDGE).stream().mapToDouble(Double::doubleValue).average().orElse(0);
        }

        double lastMean() {
            return millis.subList(millis.size() - EDGE, millis.size()).stream().mapToDouble(Double::doubleValue)
                    .average().orElse(0);
        }

        double total() {
            return millis.stream().mapToDouble(Double::doubleValue).sum();
        }

        double pssPerClone() {
            return (double) memory.pssBytes() / clones;
        }
    }

    record Result(int clones, Series api, Series byHand) {}

    private AccumulationBench() {}

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        Cleanup cleanup = new Cleanup("accumulation-bench");
        Machine machine = Machine.describe(options.workDir());
        String loadBefore = Machine.loadAverage();
        int most = options.counts().stream().mapToInt(Integer::intValue).max().orElseThrow();
        List<Result> results = new ArrayList<>();
        try {
            BenchSource source = cleanup.add(BenchSource.start(new Dataset.Pgbench(1)));
            BenchEngine bench = cleanup.add(BenchEngine.start(options.workDir().resolve("engine"), source, "logical",
                    new EngineConfig.PortPool(20000, 20000 + most + 9), "8GiB", 0, new BenchEngine.Tuning(options.quotas(), false),
                    BenchEngine.Launch.DBLAB_ENGINE_RUN));
            ApiClones api = new ApiClones(bench.client(), BenchSource.DATABASE, USER, PASSWORD);
            FloorClones floor = new FloorClones(bench.snapshotPath(), bench.poolRoot().resolve("bench-floor"),
                    BenchSource.DATABASE, USER, PASSWORD);
            Path clonesDir = bench.poolRoot().resolve("clones");
            for (int count : options.counts()) {
                Scraping scraping = new Scraping(bench.client(), bench.enginePid(), machine.memoryBytes(), results.isEmpty());
                Series viaApi = throughTheApi(api, clonesDir, count, bench.enginePid(), scraping);
                Series byHand = byHand(floor, count);
                results.add(new Result(count, viaApi, byHand));
            }
        } finally {
            cleanup.closeAll();
        }
        String section = render(machine, options, results, loadBefore, Machine.loadAverage());
        SECTION.write(options.output(), section);
        Log.log("wrote %s", options.output());
        System.out.println(section);
    }

    /**
     * Where to measure the scrapes: at 1 clone only in the first series (there it is also the engine's
     * first scrape), and at the series' count after its idle CPU, which the scrapes would add to.
     */
    record Scraping(DblabClient client, long enginePid, long hostMemoryBytes, boolean atOne) {
        ScrapeCost.Result measure(int clones) throws Exception {
            return ScrapeCost.measure(client, enginePid, clones, hostMemoryBytes);
        }
    }

    private static Series throughTheApi(ApiClones api, Path clonesDir, int count, long enginePid, Scraping scraping)
            throws Exception {
        List<String> ids = new ArrayList<>();
        List<Double> millis = new ArrayList<>();
        List<ScrapeCost.Result> scrapes = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                String id = String.format("acc-%03d", i);
                ids.add(id);
                millis.add(Sample.millisOf(() -> api.create(id)));
                progress("API", i, count, millis);
                if (i == 0 && scraping.atOne()) {
                    Thread.sleep(SETTLE_MILLIS);
                    scrapes.add(scraping.measure(1));
                }
            }
            Thread.sleep(SETTLE_MILLIS);
            ProcessMemory.Usage memory = ProcessMemory.NONE;
            List<Long> postmasters = new ArrayList<>();
            for (String id : ids) {
                memory = memory.plus(ProcessMemory.ofServer(clonesDir.resolve(id)));
                postmasters.add(ProcessMemory.postmasterPid(clonesDir.resolve(id)));
            }
            double[] cpu = idleCpu(postmasters, () -> ProcessCpu.treeTicks(enginePid));
            scrapes.add(scraping.measure(count));
            return new Series(count, millis, memory, cpu[0], cpu[1], scrapes);
        } finally {
            // all deletions first, then the waiting: the engine deletes in parallel
            for (String id : ids) {
                api.requestDestroy(id);
            }
            for (String id : ids) {
                api.awaitGone(id);
            }
        }
    }

    private static Series byHand(FloorClones floor, int count) throws Exception {
        List<RawServer> servers = new ArrayList<>();
        List<Double> millis = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                RawServer server = floor.prepare(String.format("hand-%03d", i));
                servers.add(server);
                millis.add(Sample.millisOf(() -> floor.create(server)));
                progress("by hand", i, count, millis);
            }
            Thread.sleep(SETTLE_MILLIS);
            ProcessMemory.Usage memory = ProcessMemory.NONE;
            List<Long> postmasters = new ArrayList<>();
            for (RawServer server : servers) {
                memory = memory.plus(ProcessMemory.ofServer(server.dataDir()));
                postmasters.add(ProcessMemory.postmasterPid(server.dataDir()));
            }
            double[] cpu = idleCpu(postmasters, () -> 0);
            return new Series(count, millis, memory, cpu[0], cpu[1], List.of());
        } finally {
            for (RawServer server : servers) {
                floor.destroy(server);
            }
        }
    }

    /** Percent of one CPU used over {@value #IDLE_MILLIS} ms by all the clones' processes, and by the engine. */
    private static double[] idleCpu(List<Long> postmasters, LongSupplier engineTicks) throws InterruptedException {
        long clonesBefore = postmasters.stream().mapToLong(ProcessCpu::treeTicks).sum();
        long engineBefore = engineTicks.getAsLong();
        long started = System.nanoTime();
        Thread.sleep(IDLE_MILLIS);
        long clonesAfter = postmasters.stream().mapToLong(ProcessCpu::treeTicks).sum();
        long engineAfter = engineTicks.getAsLong();
        double seconds = (System.nanoTime() - started) / 1e9;
        double perCent = 100 / (ProcessCpu.TICKS_PER_SECOND * seconds);
        return new double[] {(clonesAfter - clonesBefore) * perCent, (engineAfter - engineBefore) * perCent};
    }

    private static void progress(String how, int i, int count, List<Double> millis) {
        if ((i + 1) % 50 == 0 || i + 1 == count) {
            Log.log("%s: %d of %d clones, the last %s", how, i + 1, count, Sample.ms(millis.get(i)));
        }
    }

    static String render(Machine machine, Options options, List<Result> results, String loadBefore, String loadAfter) {
        StringBuilder md = new StringBuilder(SECTION.head("Cost as clones accumulate", machine, options.command(),
                options.quick()));
        md.append(String.format(Locale.ROOT, "Machine: %d CPUs, %.1f GiB memory, %s, kernel %s; `%s`. Load average "
                        + "(1 min) %s at the start, %s at the end.%n%n", machine.cpus(),
                machine.memoryBytes() / (double) (1L << 30), machine.os(), machine.kernel(), machine.postgres(),
                loadBefore, loadAfter));
        md.append("""
                **What is measured.** A `./dblab engine run` process (the product as a user runs it) with one btrfs
                pool on a loop-mounted image and a snapshot of a pgbench scale 1 database (logical retrieval).
                Clones are made one after another until there are N: through the API, `POST /clone` → `GET
                /clone/{id}` every 20 ms until `OK` → a pgjdbc connection that runs `SELECT 1`; by hand, on the same
                pool and snapshot, `btrfs subvolume snapshot` → `pg_ctl start -w` with the engine's clone settings
                → `CREATE ROLE` → the same connection. Then, 5 s after the last, the PSS of all the clones'
                processes (from `/proc/<pid>/smaps_rollup`) and the CPU time they (and the engine) use in 30 s of
                idleness. The API clones are destroyed before the ones by hand are made.
                %s
                | clones | way | first 20 (mean) | last 20 (mean) | last / first | all made in | PSS per clone | idle CPU of all clones | idle CPU of the engine |
                |---|---|---|---|---|---|---|---|---|
                """.formatted(options.quotas() ? "The pool has `quotas: true` (sizes from btrfs quota groups).\n" : ""));
        for (Result result : results) {
            row(md, result.clones(), "API", result.api(), true);
            row(md, result.clones(), "by hand", result.byHand(), false);
        }
        List<ScrapeCost.Result> scrapes = results.stream().flatMap(r -> r.api().scrapes().stream()).toList();
        scrapes(md, scrapes);
        md.append("\n### Targets\n\n");
        for (Result result : results) {
            double growth = result.api().lastMean() / result.api().firstMean();
            md.append(String.format(Locale.ROOT, "- %d clones: the last 20 within 1.2× of the first 20 through the "
                            + "API: %.2f×, %s (by hand %.2f×).%n", result.clones(), growth, DocSection.met(growth <= 1.2),
                    result.byHand().lastMean() / result.byHand().firstMean()));
            double pssMiB = result.api().pssPerClone() / (1 << 20);
            md.append(String.format(Locale.ROOT, "- %d clones: PSS per idle clone ≤ 8 MiB: %.1f MiB, %s.%n",
                    result.clones(), pssMiB, DocSection.met(pssMiB <= 8)));
        }
        for (ScrapeCost.Result at : scrapes.subList(1, scrapes.size())) {
            double metrics = at.of(ScrapeCost.Endpoint.METRICS).warm().median();
            md.append(String.format(Locale.ROOT, "- %d clones: `GET /metrics` under %.0f s (median after warm-up): %s, %s "
                            + "(the first: %s).%n", at.clones(), MAX_METRICS_MILLIS / 1000, Sample.ms(metrics),
                    DocSection.met(metrics < MAX_METRICS_MILLIS), Sample.ms(at.of(ScrapeCost.Endpoint.METRICS).freshMillis())));
        }
        md.append("\n").append(SECTION.end()).append("\n");
        return md.toString();
    }

    /** The scrapes at 1 clone (the first) and at each count, and how their cost grows per clone. */
    private static void scrapes(StringBuilder md, List<ScrapeCost.Result> scrapes) {
        md.append("""

                ### Reading the engine's state as clones accumulate

                Through the API, with 1 clone (5 s after it was made; the engine's first requests to these
                endpoints) and with N (after the idle CPU above): `GET /metrics` (reads `/proc` once for all clones,
                then `/proc/<pid>/smaps_rollup` of each clone's processes), `GET /status` and, as the baseline that
                reads no `/proc`, `GET /clones`. First one request to each in that order (fresh), then %d untimed
                rounds and %d timed rounds of one request to each in turn; the answer is read whole and not parsed.
                Engine CPU: the engine process's own `utime + stime` (all its threads, `/proc/<pid>/stat`) before
                and after each timed request, in 10-ms clock ticks, summed and divided by %d; it holds whatever the
                engine did meanwhile in the background.

                | clones | processes on the machine | request | first (fresh) | median | p90 | median / `/clones` | engine CPU per request | answer |
                |---|---|---|---|---|---|---|---|---|
                """.formatted(ScrapeCost.WARM_UP, ScrapeCost.TIMED, ScrapeCost.TIMED));
        for (ScrapeCost.Result at : scrapes) {
            double baseline = at.of(ScrapeCost.Endpoint.CLONES).warm().median();
            for (ScrapeCost.Endpoint endpoint : ScrapeCost.Endpoint.values()) {
                ScrapeCost.Cost cost = at.of(endpoint);
                md.append(String.format(Locale.ROOT, "| %d | %d | `GET %s` | %s | %s | %s | %.1f× | %s | %s |%n",
                        at.clones(), at.processes(), endpoint.path, Sample.ms(cost.freshMillis()), Sample.ms(cost.warm().median()),
                        Sample.ms(cost.warm().percentile(90)), cost.warm().median() / baseline,
                        Sample.ms(cost.cpuMillis()), kib(cost.answerBytes())));
            }
        }
        ScrapeCost.Result one = scrapes.get(0);
        md.append("\nGrowth per clone, from 1 clone to N (medians; engine CPU in brackets):\n\n");
        for (ScrapeCost.Result at : scrapes.subList(1, scrapes.size())) {
            for (ScrapeCost.Endpoint endpoint : ScrapeCost.Endpoint.values()) {
                ScrapeCost.Cost from = one.of(endpoint);
                ScrapeCost.Cost to = at.of(endpoint);
                int more = at.clones() - one.clones();
                md.append(String.format(Locale.ROOT, "- %d clones, `GET %s`: %s → %s, %.2f ms per clone (%.2f ms)%n",
                        at.clones(), endpoint.path, Sample.ms(from.warm().median()), Sample.ms(to.warm().median()),
                        (to.warm().median() - from.warm().median()) / more, (to.cpuMillis() - from.cpuMillis()) / more));
            }
        }
    }

    private static String kib(int bytes) {
        return String.format(Locale.ROOT, "%.0f KiB", Math.ceil(bytes / 1024.0));
    }

    private static void row(StringBuilder md, int clones, String way, Series s, boolean engine) {
        md.append(String.format(Locale.ROOT, "| %d | %s | %s | %s | %.2f× | %.0f s | %.1f MiB | %.1f%% of a CPU | %s |%n",
                clones, way, Sample.ms(s.firstMean()), Sample.ms(s.lastMean()), s.lastMean() / s.firstMean(),
                s.total() / 1000, s.pssPerClone() / (1 << 20), s.idleCpuPercent(),
                engine ? String.format(Locale.ROOT, "%.1f%% of a CPU", s.engineIdleCpuPercent()) : "–"));
    }
}
