package io.dblab.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.dblab.client.model.Clone;
import io.dblab.engine.config.EngineConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Joe's overhead (run it with bench/run-joe-bench.sh, as root): a {@code ./dblab engine run} process
 * with a pgbench database and a {@code ./dblab joe run} process on it, both as users run them.
 * (a) {@code explain} of varied queries on one session: the HTTP call's time minus the planning and
 * execution time the plan reports, i.e. what Joe adds; (b) a new session's first command: its time
 * minus the clone creation time the engine reports for the session's clone. Writes its section of
 * docs/benchmarks.md.
 */
public final class JoeBench {
    static final DocSection SECTION = new DocSection("joe-bench", "bench/run-joe-bench.sh");
    static final double EXPLAIN_TARGET_MS = 50;
    static final double FIRST_COMMAND_TARGET_MS = 100;
    private static final String CHANNEL = "bench";
    /** Varied: point look-ups, scans of a million rows, joins, aggregates, sorts, writes (rolled back). */
    static final List<String> QUERIES = List.of(
            "select * from pgbench_accounts where aid = 4242",
            "select count(*) from pgbench_accounts where bid = 3",
            "select bid, sum(abalance) from pgbench_accounts group by bid",
            "select a.aid, b.bbalance from pgbench_accounts a join pgbench_branches b on b.bid = a.bid where a.aid between 1000 and 2000",
            "select * from pgbench_tellers order by tbalance desc limit 5",
            "select count(*) from pgbench_history",
            "select aid from pgbench_accounts where abalance = 0 order by aid limit 100",
            "update pgbench_accounts set abalance = abalance + 1 where aid < 100",
            "select t.tid, count(*) from pgbench_tellers t join pgbench_accounts a on a.bid = t.bid where a.aid < 5000 group by t.tid",
            "select * from pgbench_branches where bid in (select bid from pgbench_tellers where tbalance = 0)",
            "insert into pgbench_history (tid, bid, aid, delta, mtime) values (1, 1, 1, 5, now())");

    record Options(int scale, int runs, int sessions, Path output, Path workDir, String command, boolean quick) {
        static Options parse(String[] args) {
            boolean quick = Arrays.asList(args).contains("--quick");
            int scale = quick ? 1 : 10;
            int runs = quick ? 2 : 5;
            int sessions = quick ? 3 : 7;
            Path output = Path.of(quick ? "bench/target/joe-bench-quick.md" : "docs/benchmarks.md");
            Path workDir = null;
            String command = "bench/run-joe-bench.sh";
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--quick" -> { }
                    case "--scale" -> scale = Integer.parseInt(args[++i]);
                    case "--runs" -> runs = Integer.parseInt(args[++i]);
                    case "--sessions" -> sessions = Integer.parseInt(args[++i]);
                    case "--output" -> output = Path.of(args[++i]);
                    case "--work-dir" -> workDir = Path.of(args[++i]);
                    case "--command" -> command = args[++i];
                    default -> throw new IllegalArgumentException("unknown option " + args[i] + "; options: --quick, "
                            + "--scale 10, --runs 5, --sessions 7, --output FILE, --work-dir DIR, --command TEXT");
                }
            }
            if (workDir == null) {
                throw new IllegalArgumentException("--work-dir is required (run-joe-bench.sh makes one)");
            }
            if (scale < 1 || runs < 1 || sessions < 1 || sessions > 15) {
                throw new IllegalArgumentException("--scale and --runs at least 1, --sessions between 1 and 15");
            }
            return new Options(scale, runs, sessions, output, workDir, command, quick);
        }
    }

    /** One explain: what the HTTP call took, and what PostgreSQL reports for planning and execution. */
    record Explain(double httpMs, double queryMs) {
        double overheadMs() {
            return httpMs - queryMs;
        }
    }

    /** A new session's first command: what it took, and what the engine reports its clone took. */
    record FirstCommand(double httpMs, double cloningMs) {
        double overheadMs() {
            return httpMs - cloningMs;
        }
    }

    record Result(Map<String, List<Explain>> explains, List<FirstCommand> firstCommands) {
        Sample overhead() {
            Sample all = new Sample();
            explains.values().forEach(list -> list.forEach(e -> all.add(e.overheadMs())));
            return all;
        }

        Sample firstOverhead() {
            Sample s = new Sample();
            firstCommands.forEach(f -> s.add(f.overheadMs()));
            return s;
        }
    }

    private JoeBench() {}

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        Cleanup cleanup = new Cleanup("joe-bench");
        Machine machine = Machine.describe(options.workDir());
        String loadBefore = Machine.loadAverage();
        Result result;
        try {
            BenchSource source = cleanup.add(BenchSource.start(new Dataset.Pgbench(options.scale())));
            // clone ports clear of the other benchmarks' (clone 16000+, retrieval 17700+, accumulation 20000–20509)
            BenchEngine engine = cleanup.add(BenchEngine.start(options.workDir().resolve("engine"), source, "logical",
                    new EngineConfig.PortPool(21000, 21019), "4GiB", 0, BenchEngine.Tuning.DEFAULTS,
                    BenchEngine.Launch.DBLAB_ENGINE_RUN));
            JoeProcess joe = cleanup.add(JoeProcess.start(engine, BenchSource.DATABASE, options.workDir().resolve("joe")));
            Map<String, List<Explain>> explains = explains(joe, options.runs());
            List<FirstCommand> firsts = firstCommands(joe, engine, options.sessions());
            result = new Result(explains, firsts);
        } finally {
            cleanup.closeAll();
        }
        String section = render(machine, options, result, loadBefore, Machine.loadAverage());
        SECTION.write(options.output(), section);
        Log.log("wrote %s", options.output());
        System.out.println(section);
    }

    /** One session: every query once to warm up (the session's clone, caches, Joe's JIT), then timed rounds. */
    private static Map<String, List<Explain>> explains(JoeProcess joe, int runs) throws Exception {
        for (String query : QUERIES) {
            explain(joe, query);
        }
        Map<String, List<Explain>> byQuery = new LinkedHashMap<>();
        for (int run = 1; run <= runs; run++) {
            for (String query : QUERIES) {
                byQuery.computeIfAbsent(query, q -> new ArrayList<>()).add(explain(joe, query));
            }
            Log.log("explain: round %d of %d", run, runs);
        }
        return byQuery;
    }

    private static Explain explain(JoeProcess joe, String query) throws Exception {
        long started = System.nanoTime();
        JoeProcess.Reply reply = joe.command("explainer", CHANNEL, "explain " + query);
        double httpMs = (System.nanoTime() - started) / 1e6;
        if (!reply.ok()) {
            throw new IllegalStateException("explain " + query + " failed: " + reply.json());
        }
        JsonNode summary = reply.json().path("summary");
        return new Explain(httpMs, summary.path("planningTimeMs").asDouble() + summary.path("executionTimeMs").asDouble());
    }

    /** New people, one after another: each one's first command makes their session's clone. */
    private static List<FirstCommand> firstCommands(JoeProcess joe, BenchEngine engine, int sessions) throws Exception {
        List<FirstCommand> firsts = new ArrayList<>();
        for (int i = 1; i <= sessions; i++) {
            Set<String> before = engine.client().clones().stream().map(Clone::id).collect(Collectors.toSet());
            long started = System.nanoTime();
            JoeProcess.Reply reply = joe.command("newcomer-" + i, CHANNEL, "plan select 1");
            double httpMs = (System.nanoTime() - started) / 1e6;
            if (!reply.ok()) {
                throw new IllegalStateException("the first command of a new session failed: " + reply.json());
            }
            List<Clone> made = engine.client().clones().stream().filter(c -> !before.contains(c.id())).toList();
            if (made.size() != 1) {
                throw new IllegalStateException("expected one new clone, found " + made.size());
            }
            FirstCommand first = new FirstCommand(httpMs, made.get(0).metadata().cloningTime() * 1000);
            firsts.add(first);
            Log.log("session %d: first command %s, clone creation %s", i, Sample.ms(first.httpMs()),
                    Sample.ms(first.cloningMs()));
        }
        return firsts;
    }

    static String render(Machine machine, Options options, Result result, String loadBefore, String loadAfter) {
        StringBuilder md = new StringBuilder(SECTION.head("Joe: overhead on explain and on a new session",
                machine, options.command(), options.quick()));
        md.append(String.format(Locale.ROOT, "Machine: %s. Built from %s. Load average (1 min) %s at the start, %s at "
                + "the end.%n%n", machine.summary(), Machine.sourceRevision(), loadBefore, loadAfter));
        md.append("""
                **What is measured.** A `./dblab engine run` process with a snapshot of a pgbench scale %d database
                (logical retrieval into a btrfs pool) and a `./dblab joe run --config joe.yml` process on it, both as
                users run them; the benchmark talks to Joe as a chat front end does, `POST /api/commands` on
                loopback. **Overhead on `explain`**: %d queries (below), each once to warm up and then %d times, on
                one session; the time of the HTTP call minus the planning and execution time PostgreSQL reports in
                the plan, i.e. what Joe adds (parsing, the rolled-back transaction, the output guard's catalog
                look-ups, text, insights, flame graph, history and audit log, JSON, HTTP). **First command of a new
                session**: %d new people one after another, each sending `plan select 1`; its time minus the
                clone's `metadata.cloningTime` as the engine reports it.

                """.formatted(options.scale(), QUERIES.size(), options.runs(), options.sessions()));
        md.append("| query | HTTP call (median) | planning + execution (median) | Joe's overhead (median) |\n|---|---|---|---|\n");
        result.explains().forEach((query, list) -> {
            Sample http = new Sample();
            Sample pg = new Sample();
            Sample overhead = new Sample();
            list.forEach(e -> {
                http.add(e.httpMs());
                pg.add(e.queryMs());
                overhead.add(e.overheadMs());
            });
            md.append(String.format(Locale.ROOT, "| `%s` | %s | %s | %s |%n", query, Sample.ms(http.median()),
                    Sample.ms(pg.median()), overhead.cell()));
        });
        md.append("\n| new session | first command | clone creation (engine) | the rest |\n|---|---|---|---|\n");
        for (int i = 0; i < result.firstCommands().size(); i++) {
            FirstCommand f = result.firstCommands().get(i);
            md.append(String.format(Locale.ROOT, "| %d | %s | %s | %s |%n", i + 1, Sample.ms(f.httpMs()),
                    Sample.ms(f.cloningMs()), Sample.ms(f.overheadMs())));
        }
        double overhead = result.overhead().median();
        double first = result.firstOverhead().median();
        md.append(String.format(Locale.ROOT, "%n### Targets%n%n- Joe's overhead on `explain`, median over all %d "
                        + "calls ≤ %.0f ms: %s, %s.%n- First command of a new session minus clone creation, median ≤ "
                        + "%.0f ms: %s, %s.%n",
                result.overhead().count(), EXPLAIN_TARGET_MS, Sample.ms(overhead), DocSection.met(overhead <= EXPLAIN_TARGET_MS),
                FIRST_COMMAND_TARGET_MS, Sample.ms(first), DocSection.met(first <= FIRST_COMMAND_TARGET_MS)));
        md.append("\n").append(SECTION.end()).append("\n");
        return md.toString();
    }
}
