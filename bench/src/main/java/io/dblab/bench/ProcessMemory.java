package io.dblab.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Memory of a postmaster and its child processes, from {@code /proc/<pid>/smaps_rollup}. PSS divides
 * each shared page (shared_buffers, the binary, libraries) among the processes that map it, so PSS
 * sums to the memory really used; RSS counts a shared page once in every process that maps it.
 */
final class ProcessMemory {
    record Usage(int processes, long pssBytes, long rssBytes) {
        Usage plus(Usage other) {
            return new Usage(processes + other.processes, pssBytes + other.pssBytes, rssBytes + other.rssBytes);
        }
    }

    static final Usage NONE = new Usage(0, 0, 0);

    private ProcessMemory() {}

    /** The postmaster whose pid its data directory's postmaster.pid names, with all its children. */
    static Usage ofServer(Path dataDir) throws IOException {
        long pid = postmasterPid(dataDir);
        List<Long> pids = new ArrayList<>();
        pids.add(pid);
        ProcessHandle.of(pid).orElseThrow(() -> new IllegalStateException("no process " + pid))
                .children().forEach(child -> pids.add(child.pid()));
        Usage total = NONE;
        for (long p : pids) {
            total = total.plus(ofProcess(p));
        }
        return total;
    }

    /** The process id in the data directory's postmaster.pid. */
    static long postmasterPid(Path dataDir) throws IOException {
        return Long.parseLong(Files.readAllLines(dataDir.resolve("postmaster.pid")).get(0).strip());
    }

    private static Usage ofProcess(long pid) {
        long pss = 0;
        long rss = 0;
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "smaps_rollup"))) {
                if (line.startsWith("Pss:")) {
                    pss = kilobytes(line) * 1024;
                } else if (line.startsWith("Rss:")) {
                    rss = kilobytes(line) * 1024;
                }
            }
        } catch (IOException e) {
            return NONE; // a child that ended between listing and reading uses nothing
        }
        return new Usage(1, pss, rss);
    }

    /** From lines like {@code Pss:                1234 kB}. */
    private static long kilobytes(String line) {
        String[] fields = line.trim().split("\\s+");
        return Long.parseLong(fields[1]);
    }
}
