package io.dblab.engine;

import io.dblab.pg.process.OsUser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Reads, over and over while it runs, the environment ({@code /proc/PID/environ}) of every process
 * this JVM started (directly or not) and of every process of the postgres OS user, and notes which
 * of them hold one of the given secrets. Reading another user's environment needs root.
 */
final class ProcessWatch implements AutoCloseable {
    private static final Path PROC = Path.of("/proc");
    /** The secrets' UTF-8 bytes, one char per byte (ISO-8859-1), as environments are read. */
    private final List<String> secrets;
    private final String postgresUser = OsUser.forPostgres().name();
    private final long self = ProcessHandle.current().pid();
    private final Path javaHome = Path.of(System.getProperty("java.home"));
    /** command name → pid, of every process looked at. */
    private final Map<String, Long> seen = new ConcurrentHashMap<>();
    /** "command (pid)" of every process whose environment held a secret. */
    private final Set<String> leaks = ConcurrentHashMap.newKeySet();
    private final Thread thread;
    private volatile boolean running = true;

    private ProcessWatch(List<String> secrets) {
        this.secrets = secrets.stream()
                .map(s -> new String(s.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1)).toList();
        this.thread = new Thread(() -> {
            while (running) {
                scan();
            }
        }, "process-watch");
        thread.setDaemon(true);
    }

    static ProcessWatch start(List<String> secrets) {
        ProcessWatch watch = new ProcessWatch(secrets);
        watch.thread.start();
        return watch;
    }

    /** The names of the commands looked at so far. */
    Set<String> seen() {
        return new TreeSet<>(seen.keySet());
    }

    /** The processes whose environment held a secret, as "command (pid)". */
    Set<String> leaks() {
        return new TreeSet<>(leaks);
    }

    private void scan() {
        Set<Long> descendants = ProcessHandle.current().descendants().map(ProcessHandle::pid).collect(Collectors.toSet());
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(PROC, "[0-9]*")) {
            for (Path entry : entries) {
                long pid = Long.parseLong(entry.getFileName().toString());
                if (pid != self && (descendants.contains(pid) || ownedByPostgres(entry))) {
                    inspect(pid, entry);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot list " + PROC, e);
        }
    }

    private boolean ownedByPostgres(Path entry) {
        try {
            return Files.getOwner(entry).getName().equals(postgresUser);
        } catch (IOException e) {
            return false; // the process has ended
        }
    }

    private void inspect(long pid, Path entry) {
        try {
            if (Files.readSymbolicLink(entry.resolve("exe")).startsWith(javaHome)) {
                // the JDK's launcher (jspawnhelper), a copy of this JVM until it executes the command
                return;
            }
            String command = Files.readString(entry.resolve("comm")).strip();
            String environ = new String(Files.readAllBytes(entry.resolve("environ")), StandardCharsets.ISO_8859_1);
            seen.putIfAbsent(command, pid);
            for (String secret : secrets) {
                if (environ.contains(secret)) {
                    leaks.add(command + " (" + pid + ")");
                }
            }
        } catch (IOException e) {
            // the process ended between the listing and the reading
        }
    }

    @Override
    public void close() {
        running = false;
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "seen " + new TreeMap<>(seen).keySet() + ", leaks " + leaks();
    }
}
