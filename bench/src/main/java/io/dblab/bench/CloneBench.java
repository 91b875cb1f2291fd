package io.dblab.bench;

import io.dblab.client.model.Clone;
import io.dblab.engine.config.EngineConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The clone benchmark (run it with bench/run-clone-bench.sh, as root): for each database (pgbench
 * sizes and one of many tables, see {@link Dataset}), clone creation and reset through the API
 * against the raw floor on the same pool, full copies for comparison, and on the biggest database
 * the memory of many idle clones. Writes its section of docs/benchmarks.md.
 *
 * <p>All databases are set up first and their create and reset runs alternate (API, floor, next
 * database, …): on a machine shared with other work, load that comes and goes then weighs on every
 * figure alike, so the ratios and the comparison between databases stay fair.
 */
public final class CloneBench {
    static final String USER = "bench_user";
    /** Untimed runs before the timed ones: the first requests load classes and warm the JIT, in the engine and pgjdbc. */
    static final int WARM_UP_RUNS = 2;
    /** Enough tables to see the many-tables path work; 10,000 take minutes to retrieve. */
    static final int QUICK_TABLES = 1000;

    /** The command line; --quick is for developing the benchmark, not for the figures in the docs. */
    record Options(List<Integer> scales, int tables, int runs, int density, String imageSize, Path output,
                   Path workDir, String command, boolean quick) {

        static Options parse(String[] args) {
            boolean quick = Arrays.asList(args).contains("--quick");
            List<Integer> scales = quick ? List.of(10, 20) : List.of(10, 100);
            int tables = quick ? QUICK_TABLES : 10_000;
            int runs = quick ? 3 : 10;
            int density = quick ? 10 : 50;
            String imageSize = "12GiB";
            Path output = Path.of(quick ? "bench/target/clone-bench-quick.md" : "docs/benchmarks.md");
            Path workDir = null;
            String command = "bench/run-clone-bench.sh";
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--quick" -> { }
                    case "--scales" -> scales = Arrays.stream(args[++i].split(",")).filter(v -> !v.isEmpty())
                            .map(Integer::parseInt).toList();
                    case "--tables" -> tables = Integer.parseInt(args[++i]);
                    case "--runs" -> runs = Integer.parseInt(args[++i]);
                    case "--density" -> density = Integer.parseInt(args[++i]);
                    case "--image-size" -> imageSize = args[++i];
                    case "--output" -> output = Path.of(args[++i]);
                    case "--work-dir" -> workDir = Path.of(args[++i]);
                    case "--command" -> command = args[++i];
                    default -> throw new IllegalArgumentException("unknown option " + args[i] + "; options: --quick,"
                            + " --scales 10,100, --tables N (0: none), --runs N, --density N, --image-size 12GiB,"
                            + " --output FILE, --work-dir DIR, --command TEXT");
                }
            }
            if (workDir == null) {
                throw new IllegalArgumentException("--work-dir is required (run-clone-bench.sh makes one)");
            }
            if (scales.isEmpty() && tables == 0) {
                throw new IllegalArgumentException("nothing to measure: give --scales or --tables");
            }
            return new Options(scales, tables, runs, density, imageSize, output, workDir, command, quick);
        }

        /** The pgbench sizes, smallest first as given, then the database of many tables. */
        List<Dataset> datasets() {
            List<Dataset> datasets = new ArrayList<>(scales.stream().<Dataset>map(Dataset.Pgbench::new).toList());
            if (tables != 0) { // a negative count is the constructor's error
                datasets.add(new Dataset.ManyTables(tables));
            }
            return datasets;
        }
    }

    private CloneBench() {}

    /** One database under test, with its figures and the two ways of cloning it. */
    private record Size(BenchEngine bench, SizeResult result, ApiClones api, FloorClones floor, String password) {
        static Size of(BenchEngine bench) throws Exception {
            String password = randomPassword();
            Path snapshot = bench.snapshotPath();
            return new Size(bench, new SizeResult(bench.source().dataset(), bench.source().databaseBytes(),
                            countFiles(snapshot), bench.firstFill().millis()),
                    new ApiClones(bench.client(), BenchSource.DATABASE, USER, password),
                    new FloorClones(snapshot, bench.poolRoot().resolve("bench-floor"), BenchSource.DATABASE, USER,
                            password), password);
        }
    }

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        Cleanup cleanup = new Cleanup("clone-bench");
        Machine machine = Machine.describe(options.workDir());
        String loadBefore = Machine.loadAverage();
        Log.log("machine: %d CPUs, %d GiB, kernel %s, %s", machine.cpus(), machine.memoryBytes() >> 30,
                machine.kernel(), machine.postgres());
        List<Size> sizes = new ArrayList<>();
        try {
            List<Dataset> datasets = options.datasets();
            for (int i = 0; i < datasets.size(); i++) {
                Dataset dataset = datasets.get(i);
                // each engine has its own clone ports, enough for the density clones
                int from = 16000 + 100 * i;
                BenchSource source = cleanup.add(BenchSource.start(dataset));
                BenchEngine bench = cleanup.add(BenchEngine.start(options.workDir().resolve(dataset.key()), source,
                        "logical", new EngineConfig.PortPool(from, from + Math.max(options.density(), 50) + 19),
                        options.imageSize(), 0));
                sizes.add(Size.of(bench));
            }
            measureCreate(sizes, options.runs());
            measureReset(sizes, options.runs());
            for (Size size : sizes) {
                // full copies of the bigger databases take long; 3 runs of them are enough to compare
                measureFullCopies(size, size == sizes.get(0) ? options.runs() : Math.min(3, options.runs()));
            }
            Size biggest = sizes.stream().max(Comparator.comparingLong(s -> s.result().databaseBytes)).orElseThrow();
            Log.log("%s: density with %d idle clones", biggest.result().dataset.title(), options.density());
            Density.Result density = new Density(biggest.bench().client(), biggest.api(),
                    biggest.bench().poolRoot().resolve("clones"), BenchSource.DATABASE, USER, biggest.password())
                    .run(options.density());
            biggest.result().density = density;
            Log.log("density: PSS %.1f MB per clone, RSS %.1f MB per clone, %d of %d answered",
                    density.pssPerClone() / (1 << 20), density.rssPerClone() / (1 << 20), density.answered(),
                    density.clones());
        } finally {
            cleanup.closeAll();
        }
        List<SizeResult> results = sizes.stream().map(Size::result).toList();
        String section = Report.render(machine, options, results, loadBefore, Machine.loadAverage());
        Report.SECTION.write(options.output(), section);
        Log.log("wrote %s", options.output());
        System.out.println(section);
    }

    private static void measureCreate(List<Size> sizes, int runs) throws Exception {
        for (int run = 1 - WARM_UP_RUNS; run <= runs; run++) {
            boolean warmUp = run <= 0;
            String id = warmUp ? "warm-up-" + (run + WARM_UP_RUNS) : "create-" + run;
            for (Size size : sizes) {
                SizeResult result = size.result();
                long started = System.nanoTime();
                Clone clone = size.api().create(id);
                if (!warmUp) {
                    result.apiCreate.add((System.nanoTime() - started) / 1e6);
                    result.engineCreate.add(clone.metadata().cloningTime() * 1000);
                    result.createRequest.add(size.api().lastRequestMillis());
                }
                size.api().destroy(id);

                RawServer server = size.floor().prepare(id);
                try {
                    (warmUp ? new Sample() : result.floorCreate).time(() -> size.floor().create(server));
                } finally {
                    size.floor().destroy(server);
                }
            }
        }
        for (Size size : sizes) {
            SizeResult result = size.result();
            Log.log("%s: create  API %s, floor %s, engine cloningTime %s, POST %s", result.dataset.title(),
                    result.apiCreate.cell(), result.floorCreate.cell(), result.engineCreate.cell(),
                    result.createRequest.cell());
            Log.log("  API   %s", result.apiCreate.values());
            Log.log("  floor %s", result.floorCreate.values());
        }
    }

    /** Before each reset the clone changes some data (not timed), so that the reset has something to throw away. */
    private static void measureReset(List<Size> sizes, int runs) throws Exception {
        String id = "reset";
        List<Clone> clones = new ArrayList<>();
        List<RawServer> servers = new ArrayList<>();
        try {
            for (Size size : sizes) {
                clones.add(size.api().create(id));
                RawServer server = size.floor().prepare(id);
                servers.add(server);
                size.floor().create(server);
            }
            for (int run = 1 - WARM_UP_RUNS; run <= runs; run++) {
                boolean warmUp = run <= 0;
                for (int i = 0; i < sizes.size(); i++) {
                    Size size = sizes.get(i);
                    SizeResult result = size.result();
                    size.api().execute(clones.get(i), result.dataset.dirtySql());
                    long started = System.nanoTime();
                    Clone reset = size.api().reset(id);
                    if (!warmUp) {
                        result.apiReset.add((System.nanoTime() - started) / 1e6);
                        result.engineReset.add(reset.metadata().cloningTime() * 1000);
                        result.resetRequest.add(size.api().lastRequestMillis());
                    }
                    RawServer server = servers.get(i);
                    size.floor().execute(server, result.dataset.dirtySql());
                    (warmUp ? new Sample() : result.floorReset).time(() -> size.floor().reset(server));
                }
            }
        } finally {
            for (int i = 0; i < servers.size(); i++) {
                sizes.get(i).floor().destroy(servers.get(i));
            }
            for (int i = 0; i < clones.size(); i++) {
                sizes.get(i).api().destroy(id);
            }
        }
        for (Size size : sizes) {
            SizeResult result = size.result();
            result.pollLatency = size.api().takePollLatency();
            Log.log("%s: reset   API %s, floor %s, engine cloningTime %s, POST %s", result.dataset.title(),
                    result.apiReset.cell(), result.floorReset.cell(), result.engineReset.cell(),
                    result.resetRequest.cell());
            Log.log("  API   %s", result.apiReset.values());
            Log.log("  floor %s", result.floorReset.values());
        }
    }

    private static void measureFullCopies(Size size, int runs) throws Exception {
        SizeResult result = size.result();
        FullCopies copies = new FullCopies(size.bench().source().postgres(), size.bench().dir().resolve("copies"));
        for (int run = 1; run <= runs; run++) {
            String name = "copy_" + run;
            try {
                result.createdb.time(() -> copies.createdbTemplate(name));
            } finally {
                copies.dropdb(name);
            }
        }
        Log.log("%s: createdb --template %s", result.dataset.title(), result.createdb.cell());
        for (int run = 1; run <= runs; run++) {
            RawServer copy = copies.prepareBasebackup("basebackup-" + run);
            try {
                result.basebackup.time(() -> copies.basebackup(copy));
            } finally {
                copies.removeBasebackup(copy);
            }
        }
        Log.log("%s: pg_basebackup + start %s", result.dataset.title(), result.basebackup.cell());
    }

    /** Regular files under {@code dir}, links not followed. */
    private static long countFiles(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).count();
        }
    }

    /** Letters and digits, 24 of them: far above the engine's 60-bit minimum, and safe in any quoting. */
    private static String randomPassword() {
        String alphabet = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        SecureRandom random = new SecureRandom();
        StringBuilder password = new StringBuilder();
        for (int i = 0; i < 24; i++) {
            password.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return password.toString();
    }
}
