package io.dblab.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Where an engine in this JVM spends its time, without touching the engine: the commands it runs
 * (pg_dump, initdb, pg_ctl, btrfs …) are children of this process. Every {@value #SAMPLE_MILLIS} ms
 * the children are listed; a new one's start is taken from its age in /proc (10 ms ticks), its end
 * from {@link ProcessHandle#onExit()}. Commands shorter than the sampling interval (most psql calls)
 * can be missed: their time counts as "between commands", with the engine's own work.
 */
final class CommandTrace implements AutoCloseable {
    static final long SAMPLE_MILLIS = 50;
    /** Linux's USER_HZ: /proc/<pid>/stat counts process start in these ticks since boot. */
    private static final double TICKS_PER_SECOND = 100;
    static final String BETWEEN = "between commands";
    /**
     * What a child started by the JVM looks like before it has exec'd its command: the next sample
     * names it, if it still runs.
     */
    private static final Set<String> LAUNCHERS = Set.of("java", "jspawnhelper");

    /** One command, from {@code startMillis} to {@code endMillis} after the trace's origin. */
    record Span(String name, double startMillis, double endMillis) {
        double millis() {
            return endMillis - startMillis;
        }
    }

    private final long originNanos;
    private final Set<Long> ignored = ConcurrentHashMap.newKeySet();
    private final Map<Long, String> names = new ConcurrentHashMap<>();
    private final Map<Long, Double> starts = new ConcurrentHashMap<>();
    private final Map<Long, Double> ends = new ConcurrentHashMap<>();
    private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "command-trace");
        thread.setDaemon(true);
        return thread;
    });

    private CommandTrace(long originNanos) {
        this.originNanos = originNanos;
    }

    /** Traces the children of this JVM from now on; times are relative to {@code originNanos}. */
    static CommandTrace start(long originNanos) {
        CommandTrace trace = new CommandTrace(originNanos);
        ProcessHandle.current().children().forEach(p -> trace.ignored.add(p.pid()));
        trace.sampler.scheduleWithFixedDelay(trace::sample, 0, SAMPLE_MILLIS, TimeUnit.MILLISECONDS);
        return trace;
    }

    /** A child the benchmark itself runs alongside (a load generator): not the engine's. */
    void ignore(long pid) {
        ignored.add(pid);
    }

    private void sample() {
        try {
            ProcessHandle.current().children().forEach(this::see);
        } catch (RuntimeException e) {
            // a process ended while we looked at it; the next sample sees the rest
        }
    }

    private void see(ProcessHandle process) {
        long pid = process.pid();
        if (ignored.contains(pid) || names.containsKey(pid)) {
            return;
        }
        double now = millisSinceOrigin();
        List<String> argv = commandLine(pid);
        if (argv.isEmpty() || LAUNCHERS.contains(Path.of(argv.get(0)).getFileName().toString())) {
            return;
        }
        String name = label(argv);
        double age = ageMillis(pid);
        names.put(pid, name);
        starts.put(pid, age >= 0 ? Math.max(now - age, 0) : now);
        process.onExit().thenRun(() -> ends.put(pid, millisSinceOrigin()));
    }

    /** Stops sampling; returns the commands seen, in the order they started (unfinished ones end now). */
    List<Span> stop() {
        sampler.shutdownNow();
        try {
            sampler.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        double now = millisSinceOrigin();
        List<Span> spans = new ArrayList<>();
        names.forEach((pid, name) -> spans.add(new Span(name, starts.get(pid), ends.getOrDefault(pid, now))));
        spans.sort(Comparator.comparingDouble(Span::startMillis));
        return spans;
    }

    @Override
    public void close() {
        sampler.shutdownNow();
    }

    /**
     * Time per command name within {@code [0, totalMillis]}, in order of first appearance, plus
     * {@value #BETWEEN}: the time no traced command ran (the engine's own work and short commands).
     */
    static Map<String, Double> byName(List<Span> spans, double totalMillis) {
        Map<String, Double> sums = new LinkedHashMap<>();
        for (Span span : spans) {
            double length = Math.min(span.endMillis(), totalMillis) - Math.max(span.startMillis(), 0);
            if (length > 0) {
                sums.merge(span.name(), length, Double::sum);
            }
        }
        sums.put(BETWEEN, totalMillis - covered(spans, totalMillis));
        return sums;
    }

    /** The length of the union of the spans within [0, total]: overlapping commands count once. */
    private static double covered(List<Span> spans, double total) {
        double covered = 0;
        double reach = 0;
        for (Span span : spans) {
            double start = Math.max(Math.max(span.startMillis(), 0), reach);
            double end = Math.min(span.endMillis(), total);
            if (end > start) {
                covered += end - start;
            }
            reach = Math.max(reach, end);
        }
        return covered;
    }

    /**
     * "pg_dump", "pg_ctl start", "btrfs subvolume snapshot", "psql -c CHECKPOINT", "psql" …: the
     * program's name, for pg_ctl and btrfs with the action, for psql with the first word of its first
     * {@code -c} SQL, "psql copy" for the source side of logical retrieval's row copy (the one psql
     * the engine runs with {@code --echo-errors}), "psql session" for one fed SQL as it goes, without
     * {@code -f} (the source transaction that holds the copy's snapshot); {@code runuser -u postgres
     * -- cmd …} is named after cmd.
     */
    static final String COPY_OF_ROWS = "psql copy";
    static final String SNAPSHOT_SESSION = "psql session";

    static String label(List<String> commandLine) {
        List<String> argv = commandLine;
        if (Path.of(argv.get(0)).getFileName().toString().equals("runuser")) {
            int separator = argv.indexOf("--");
            if (separator >= 0 && separator + 1 < argv.size()) {
                argv = argv.subList(separator + 1, argv.size());
            }
        }
        String program = Path.of(argv.get(0)).getFileName().toString();
        List<String> words = argv.subList(1, argv.size()).stream().filter(a -> !a.startsWith("-")).toList();
        int sql = argv.indexOf("-c");
        return switch (program) {
            case "pg_ctl" -> words.isEmpty() ? program : program + " " + words.get(0);
            // SQL on the command line: its first word tells a CHECKPOINT from a query
            case "psql" -> sql > 0 && sql + 1 < argv.size()
                    ? program + " -c " + argv.get(sql + 1).strip().split("\\s+")[0].toUpperCase(Locale.ROOT)
                    : argv.contains("--echo-errors") ? COPY_OF_ROWS
                    : argv.contains("-f") ? program : SNAPSHOT_SESSION;
            case "btrfs" -> program + " " + String.join(" ", words.subList(0, Math.min(2, words.size())));
            default -> program;
        };
    }

    private double millisSinceOrigin() {
        return (System.nanoTime() - originNanos) / 1e6;
    }

    /**
     * argv from /proc/<pid>/cmdline, read at once (ProcessHandle.Info takes the program from
     * /proc/<pid>/exe and the arguments from cmdline, which can disagree while the child execs);
     * empty when the process is gone.
     */
    private static List<String> commandLine(long pid) {
        try {
            byte[] raw = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline"));
            String text = new String(raw, StandardCharsets.UTF_8);
            return text.isEmpty() ? List.of() : List.of(text.split("\0"));
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }

    /** How long ago the process started, from /proc (-1 when it is gone already). */
    private static double ageMillis(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // field 22 (starttime); the command name in parentheses may hold spaces
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            double startedSeconds = Long.parseLong(fields[19]) / TICKS_PER_SECOND;
            double uptimeSeconds = Double.parseDouble(Files.readString(Path.of("/proc/uptime")).split(" ")[0]);
            return (uptimeSeconds - startedSeconds) * 1000;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
