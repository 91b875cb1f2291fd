package io.dblab.bench;

import io.dblab.pg.process.Command;
import io.dblab.pg.server.PgInstallation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Where and when the figures were taken, so that they can be compared with later runs. */
record Machine(String date, int cpus, String cpuModel, long memoryBytes, String kernel, String os,
               String postgres, String workDirFileSystem, String niceness) {

    static Machine describe(Path workDir) {
        return new Machine(
                ZonedDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm z")),
                Runtime.getRuntime().availableProcessors(),
                firstValue(Path.of("/proc/cpuinfo"), "model name"),
                Long.parseLong(firstValue(Path.of("/proc/meminfo"), "MemTotal").replace("kB", "").strip()) * 1024,
                Command.of("uname", "-r").check().strip(),
                osName(),
                // the whole line: PgInstallation.version() cuts Debian's "15.18 (Debian 15.18-0+deb12u1)" badly
                Command.of(PgInstallation.defaultInstallation().tool("postgres"), "--version").check().strip(),
                Command.of("findmnt", "-n", "-o", "FSTYPE", "-T", workDir.toString()).check().strip(),
                currentNiceness());
    }

    /** "2 CPUs (AMD EPYC), 23.5 GiB memory, Debian …, kernel …; `postgres (PostgreSQL) 15.18 …`" */
    String summary() {
        return String.format(Locale.ROOT, "%d CPUs (%s), %.1f GiB memory, %s, kernel %s; `%s`", cpus, cpuModel,
                memoryBytes / (double) (1L << 30), os, kernel, postgres);
    }

    /**
     * The commit the benchmark was built from, and which of the modules it runs have uncommitted
     * changes (other work goes on in the same tree): "b13c0ab", "b13c0ab + uncommitted changes in engine".
     */
    static String sourceRevision() {
        try {
            String commit = Command.of("git", "rev-parse", "--short", "HEAD").check().strip();
            List<String> dirty = new ArrayList<>();
            for (String module : List.of("engine", "pg", "client", "testkit", "joe", "cli", "bench")) {
                if (!Command.of("git", "status", "--porcelain", "--", module).check().isBlank()) {
                    dirty.add(module);
                }
            }
            return dirty.isEmpty() ? commit : commit + " + uncommitted changes in " + String.join(", ", dirty);
        } catch (RuntimeException e) {
            return "unknown";
        }
    }

    /** The 1-minute load average: the machine may be shared, and other work shows up in the figures. */
    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** The benchmark's scheduling priority, which its postgres processes inherit (field 19 of /proc/self/stat). */
    private static String currentNiceness() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            // the command name in parentheses may hold spaces; the fields after it are plain
            return stat.substring(stat.lastIndexOf(')') + 2).split(" ")[16];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    /** The value of the first "key : value" line that starts with {@code key}, or "unknown". */
    private static String firstValue(Path file, String key) {
        try {
            return Files.readAllLines(file).stream().filter(l -> l.startsWith(key)).findFirst()
                    .map(l -> l.substring(l.indexOf(':') + 1).strip()).orElse("unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static String osName() {
        try {
            return Files.readAllLines(Path.of("/etc/os-release")).stream().filter(l -> l.startsWith("PRETTY_NAME="))
                    .findFirst().map(l -> l.substring("PRETTY_NAME=".length()).replace("\"", "")).orElse("unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
