package io.dblab.bench;

import io.dblab.pg.process.Command;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * What a physical snapshot's promoted copy pays for each page it writes on btrfs: random 8 kB
 * writes, in file order as a checkpoint writes them, into a snapshot of a 1 GiB table file, then
 * {@code sync -f}. The file is either written once (few, large extents) or rewritten page by page
 * in many synced rounds, as a streaming standby rewrites its tables (an extent per page); with btrfs
 * quotas off and on. Each case has a btrfs image of its own; each timed run writes a new snapshot.
 */
public final class CowWriteBench {
    static final DocSection SECTION = new DocSection("cow-write-bench", "bench/run-cow-write-bench.sh");
    private static final int PAGE = 8192;
    private static final long FILE_BYTES = 1L << 30;
    private static final int PAGES = (int) (FILE_BYTES / PAGE);

    record Options(int runs, int writes, int rounds, Path output, Path workDir, String command) {
        static Options parse(String[] args) {
            int runs = 3;
            int writes = 35_000;
            int rounds = 30;
            Path output = Path.of("docs/benchmarks.md");
            Path workDir = null;
            String command = "bench/run-cow-write-bench.sh";
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--runs" -> runs = Integer.parseInt(args[++i]);
                    case "--writes" -> writes = Integer.parseInt(args[++i]);
                    case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                    case "--output" -> output = Path.of(args[++i]);
                    case "--work-dir" -> workDir = Path.of(args[++i]);
                    case "--command" -> command = args[++i];
                    default -> throw new IllegalArgumentException("unknown option " + args[i]
                            + "; options: --runs N, --writes N, --rounds N, --output FILE, --work-dir DIR, --command TEXT");
                }
            }
            if (workDir == null) {
                throw new IllegalArgumentException("--work-dir is required (run-cow-write-bench.sh makes one)");
            }
            return new Options(runs, writes, rounds, output, workDir, command);
        }
    }

    record Case(String name, boolean fragmented, boolean quotas) { }

    record Result(Case setup, int extents, Sample millis) { }

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        Machine machine = Machine.describe(options.workDir());
        List<Case> cases = List.of(
                new Case("written once", false, false),
                new Case("rewritten page by page", true, false),
                new Case("rewritten page by page, quotas on", true, true));
        List<Result> results = new ArrayList<>();
        for (Case setup : cases) {
            results.add(measure(setup, options));
        }
        SECTION.write(options.output(), report(machine, options, results));
        Log.log("wrote %s", options.output());
    }

    private static Result measure(Case setup, Options options) throws Exception {
        Path image = options.workDir().resolve("cow.img");
        Path mount = options.workDir().resolve("cow");
        Files.createDirectories(mount);
        Command.of("truncate", "-s", "4G", image.toString()).check();
        String device = Command.of("losetup", "-f", "--show", image.toString()).check().strip();
        try {
            Command.of("mkfs.btrfs", "-q", "-f", device).check();
            Command.of("mount", device, mount.toString()).check();
            try {
                return measureMounted(setup, options, mount);
            } finally {
                Command.of("umount", mount.toString()).check();
            }
        } finally {
            Command.of("losetup", "-d", device).check();
            Files.delete(image);
        }
    }

    private static Result measureMounted(Case setup, Options options, Path mount) throws Exception {
        if (setup.quotas()) {
            Command.of("btrfs", "quota", "enable", mount.toString()).check();
        }
        Path table = mount.resolve("table");
        Command.of("btrfs", "subvolume", "create", table.toString()).check();
        Path file = table.resolve("16396");
        writeWhole(file);
        if (setup.fragmented()) {
            for (int round = 0; round < options.rounds(); round++) {
                writePages(file, randomPages(8000, 1000 + round));
                sync(mount);
            }
        }
        sync(mount);
        int extents = extents(file);
        Sample millis = new Sample();
        for (int run = 0; run < options.runs(); run++) {
            Path snapshot = mount.resolve("copy" + run);
            Command.of("btrfs", "subvolume", "snapshot", table.toString(), snapshot.toString()).check();
            int[] pages = randomPages(options.writes(), run);
            millis.time(() -> {
                writePages(snapshot.resolve("16396"), pages);
                sync(mount);
            });
            Log.log("%s: %d writes in %.0f ms", setup.name(), options.writes(), millis.values().get(run));
            Command.of("btrfs", "subvolume", "delete", snapshot.toString()).check();
            Command.of("btrfs", "subvolume", "sync", mount.toString()).check();
        }
        return new Result(setup, extents, millis);
    }

    private static void writeWhole(Path file) throws IOException {
        Random random = new Random(7);
        byte[] chunk = new byte[1 << 20];
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            for (long written = 0; written < FILE_BYTES; written += chunk.length) {
                random.nextBytes(chunk);
                channel.write(ByteBuffer.wrap(chunk));
            }
        }
    }

    /** Distinct pages in file order, as a checkpoint writes a table's dirty pages. */
    private static int[] randomPages(int count, long seed) {
        return new Random(seed).ints(0, PAGES).distinct().limit(count).sorted().toArray();
    }

    private static void writePages(Path file, int[] pages) throws IOException {
        byte[] page = new byte[PAGE];
        new Random(pages.length).nextBytes(page);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            for (int p : pages) {
                channel.write(ByteBuffer.wrap(page), (long) p * PAGE);
            }
        }
    }

    private static void sync(Path mount) {
        Command.of("sync", "-f", mount.toString()).check();
    }

    /** "…: 153876 extents found" */
    private static int extents(Path file) {
        String out = Command.of("filefrag", file.toString()).check().strip();
        return Integer.parseInt(out.replaceAll(".*: (\\d+) extents? found$", "$1"));
    }

    private static String report(Machine machine, Options options, List<Result> results) {
        StringBuilder md = new StringBuilder(SECTION.head("btrfs: page writes into a snapshot", machine,
                options.command(), false));
        md.append("Machine: ").append(machine.summary()).append(". Built from ").append(Machine.sourceRevision())
                .append(". Each case on a btrfs file system of its own on a sparse 4 GiB image file on ")
                .append(machine.workDirFileSystem()).append(", loop-mounted.\n\n");
        md.append(String.format(Locale.ROOT, """
                **What is timed**: %d random distinct 8 kB pages written in file order (as a checkpoint
                writes a table's dirty pages) into a fresh btrfs snapshot of a 1 GiB file, then `sync -f`;
                median (min – max) of %d runs, each on a new snapshot. This is the write a physical snapshot's
                promoted copy makes for every page the WAL since the standby's last restartpoint touched. The
                file is either written once, or then rewritten page by page in %d rounds of 8000 random pages
                with a `sync` after each round, as a streaming standby rewrites its tables: btrfs gives every
                page written apart its own extent.

                """, options.writes(), options.runs(), options.rounds()));
        md.append("| file | extents | time | rate |\n|---|---|---|---|\n");
        double baseline = results.get(0).millis().median();
        for (Result result : results) {
            double megabytes = options.writes() * (double) PAGE / (1 << 20);
            md.append(String.format(Locale.ROOT, "| %s | %d | %s | %.0f MB/s (%.1f× the first row's time) |%n",
                    result.setup().name(), result.extents(), result.millis().cell(),
                    megabytes / (result.millis().median() / 1000), result.millis().median() / baseline));
        }
        md.append("\n").append(SECTION.end()).append("\n");
        return md.toString();
    }

    private CowWriteBench() {
    }
}
