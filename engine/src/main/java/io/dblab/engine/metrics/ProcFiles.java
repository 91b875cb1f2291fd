package io.dblab.engine.metrics;

import io.dblab.pg.process.ProcessStat;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * What the clone metrics read from Linux's {@code /proc}: the process table in one pass, a process's
 * proportional memory, the host's CPU time and memory. Each reading has a pure parsing part.
 */
final class ProcFiles {
    private static final Path PROC = Path.of("/proc");
    private static final long KIB = 1024;

    private ProcFiles() {}

    /** A process as the table shows it: its stat line and the user it runs as. */
    record Process(ProcessStat.Line stat, long uid) {}

    /**
     * The host's CPU time as {@code /proc/stat} counts it, and how many CPUs are online.
     *
     * @param ticks user, nice, system, idle, iowait, irq and softirq time of all CPUs, in clock ticks:
     *              the figure Docker calls the system CPU usage
     */
    record HostCpu(long ticks, int cpus) {}

    /** Every process there is now; those that end during the pass are left out. */
    static List<Process> processes() {
        List<Process> table = new ArrayList<>();
        try (DirectoryStream<Path> procs = Files.newDirectoryStream(PROC)) {
            for (Path proc : procs) {
                String name = proc.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit)) {
                    continue;
                }
                ProcessStat.read(Long.parseLong(name)).ifPresent(stat -> uid(proc)
                        .ifPresent(uid -> table.add(new Process(stat, uid))));
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot list /proc", e);
        }
        return table;
    }

    /** The owner of {@code /proc/PID}, which is the process's effective user. */
    private static OptionalLong uid(Path proc) {
        try {
            return OptionalLong.of(((Number) Files.getAttribute(proc, "unix:uid")).longValue());
        } catch (IOException e) {
            return OptionalLong.empty();
        }
    }

    /** The process's proportional set size in bytes; 0 when it is gone. */
    static long pssBytes(long pid) {
        try {
            return pssBytes(Files.readString(PROC.resolve(Long.toString(pid)).resolve("smaps_rollup")));
        } catch (IOException e) {
            return 0;
        }
    }

    /**
     * The {@code Pss:} line of a {@code smaps_rollup}: the process's resident memory with each page
     * shared by n processes counted as 1/n. 0 for a kernel thread, which has no memory map.
     */
    static long pssBytes(String smapsRollup) {
        return kibLine(smapsRollup, "Pss:").orElse(0) * KIB;
    }

    static HostCpu hostCpu() {
        return hostCpu(read(PROC.resolve("stat")));
    }

    /** From {@code /proc/stat}: the first 7 time fields of its {@code cpu} line, and its {@code cpuN} lines. */
    static HostCpu hostCpu(String procStat) {
        long ticks = -1;
        int cpus = 0;
        for (String line : procStat.lines().toList()) {
            String[] fields = line.split(" +");
            if (fields[0].equals("cpu")) {
                ticks = 0;
                for (int i = 1; i <= 7; i++) {
                    ticks += Long.parseLong(fields[i]);
                }
            } else if (fields[0].matches("cpu\\d+")) {
                cpus++;
            }
        }
        if (ticks < 0 || cpus == 0) {
            throw new IllegalStateException("/proc/stat has no cpu lines");
        }
        return new HostCpu(ticks, cpus);
    }

    static long memTotalBytes() {
        return memTotalBytes(read(PROC.resolve("meminfo")));
    }

    /** The host's memory from {@code /proc/meminfo}: what Docker reports as the limit of a container without one. */
    static long memTotalBytes(String meminfo) {
        return kibLine(meminfo, "MemTotal:").orElseThrow(
                () -> new IllegalStateException("/proc/meminfo has no MemTotal")) * KIB;
    }

    /** The number of a {@code Key:   123 kB} line. */
    private static OptionalLong kibLine(String text, String key) {
        return text.lines().filter(line -> line.startsWith(key)).findFirst()
                .map(line -> OptionalLong.of(Long.parseLong(line.substring(key.length()).replace("kB", "").strip())))
                .orElse(OptionalLong.empty());
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + file, e);
        }
    }
}
