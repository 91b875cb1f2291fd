package io.dblab.pg.server;

import io.dblab.pg.process.ProcessStat;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Counts servers' client sessions from the process titles of their postmasters' children, without
 * connecting: an idle check over hundreds of clones then runs no SQL in a database its user controls
 * and starts no psql process. One instance is one read of the process table ({@link #read}), which
 * every server of a check shares: looking up each postmaster's children apart would read all of
 * {@code /proc} once per server, a cost that grows with the square of the number of clones.
 * PostgreSQL titles a client backend (and a WAL sender) {@code postgres: <user> <database> <host>(<port>) …}
 * or {@code … [local] …}, and sets that title at fork even with {@code update_process_title} off;
 * auxiliary processes and background workers carry their own names instead.
 */
public final class ClientBackends {
    private static final Pattern CLIENT_TITLE = Pattern.compile("^postgres: .+ (\\[local]|\\S+\\(\\d+\\))( .*)?$");

    private final Map<Long, List<Long>> childrenByParent;

    private ClientBackends(Map<Long, List<Long>> childrenByParent) {
        this.childrenByParent = childrenByParent;
    }

    /** Which process is whose child, as {@code /proc} tells it now. */
    public static ClientBackends read() {
        Map<Long, List<Long>> children = new HashMap<>();
        try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"))) {
            for (Path proc : procs) {
                String name = proc.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit)) {
                    continue;
                }
                long pid = Long.parseLong(name);
                long parent = ProcessStat.parent(pid);
                if (parent > 0) {
                    children.computeIfAbsent(parent, p -> new ArrayList<>()).add(pid);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot list /proc", e);
        }
        return new ClientBackends(children);
    }

    /** The client sessions of the server whose postmaster runs from {@code dataDir}; 0 when none runs. */
    public int count(Path dataDir) {
        long postmaster = PostmasterPidFile.pid(dataDir);
        if (postmaster <= 0) {
            return 0;
        }
        return (int) childrenByParent.getOrDefault(postmaster, List.of()).stream()
                .filter(child -> isClientBackend(title(child))).count();
    }

    /** Whether the postmaster that the directory's lock file names runs, read from /proc (no pg_ctl process). */
    public static boolean postmasterRunning(Path dataDir) {
        return ProcessStat.running(PostmasterPidFile.pid(dataDir));
    }

    /** Whether a process title (its {@code /proc/<pid>/cmdline}) is that of a client backend. */
    static boolean isClientBackend(String title) {
        return CLIENT_TITLE.matcher(title).matches();
    }

    /** The title a process set for itself; empty when it ended meanwhile. */
    private static String title(long pid) {
        try {
            // PostgreSQL overwrites argv with the title and pads the rest with NULs
            String cmdline = new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline")),
                    StandardCharsets.UTF_8);
            int end = cmdline.indexOf('\0');
            return (end < 0 ? cmdline : cmdline.substring(0, end)).strip();
        } catch (IOException e) {
            return "";
        }
    }
}
