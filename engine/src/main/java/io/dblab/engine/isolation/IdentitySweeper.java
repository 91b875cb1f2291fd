package io.dblab.engine.isolation;

import io.dblab.pg.process.Command;
import io.dblab.pg.process.OsUser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * Removes every trace of a clone identity from the machine when its clone goes, so that the next
 * clone given the same identity inherits nothing from the last one's user: processes that outlived
 * the server (started with {@code COPY … TO PROGRAM}), System V shared memory, semaphores and
 * message queues, and files left in the world-writable temporary directories.
 */
final class IdentitySweeper {
    private static final int KILL_ROUNDS = 20;
    private static final List<String> TEMPORARY_DIRS = List.of("/tmp", "/var/tmp", "/dev/shm");
    private static final List<IpcKind> IPC_KINDS = List.of(
            new IpcKind("/proc/sysvipc/shm", "shmid", "-m"),
            new IpcKind("/proc/sysvipc/sem", "semid", "-s"),
            new IpcKind("/proc/sysvipc/msg", "msqid", "-q"));

    private IdentitySweeper() {}

    static void sweep(int uid) {
        killProcesses(uid);
        removeIpcObjects(uid);
        removeTemporaryFiles(uid);
    }

    /**
     * Deletes what the identity owns in the temporary directories, with one find over all of them
     * (each process costs milliseconds). The walk skips directories the identity could not enter
     * (neither its own nor its group's, and no search permission for others, such as PostgreSQL
     * data directories under /tmp): nothing of it can be below them, and walking them cost
     * milliseconds per thousand files on every sweep. An entry of the identity is removed with
     * everything in it, by rm run from the entry's directory (-execdir), so that a link swapped
     * into the path meanwhile leads nowhere; neither find nor rm leaves the file system.
     */
    private static void removeTemporaryFiles(int uid) {
        List<String> command = new ArrayList<>(List.of("find"));
        TEMPORARY_DIRS.stream().filter(dir -> Files.isDirectory(Path.of(dir))).forEach(command::add);
        if (command.size() == 1) {
            return;
        }
        String id = Integer.toString(uid);
        command.addAll(List.of("-xdev", "-mindepth", "1",
                "(", "-uid", id, "-prune", "-execdir", "rm", "-rf", "--one-file-system", "--", "{}", "+", ")",
                "-o", "(", "-type", "d", "!", "-gid", id, "!", "-perm", "-o=x", "-prune", ")"));
        // -execdir refuses to run with relative directories in PATH: rm comes from the system's own
        Command.of(command).env("PATH", "/usr/sbin:/usr/bin:/sbin:/bin").run(); // what cannot be removed stays
    }

    /**
     * Signals every process of the identity from inside it ({@code kill -KILL -1} as that uid reaches
     * exactly its processes) until none is left, so that a process forking as fast as it can is
     * still caught.
     */
    static void killProcesses(int uid) {
        // each look reads the status of every process on the machine: one look when there is none
        List<Long> left = processesOf(uid);
        for (int round = 0; round < KILL_ROUNDS && !left.isEmpty(); round++) {
            Command.of("kill", "-KILL", "-1").asUser(OsUser.ofIds(uid, uid)).run();
            left = processesOf(uid);
        }
        if (!left.isEmpty()) {
            throw new IllegalStateException("processes of clone uid " + uid + " survive being killed: " + left);
        }
    }

    /** Live processes whose real or effective uid is {@code uid}, from /proc/<pid>/status. */
    static List<Long> processesOf(int uid) {
        List<Long> pids = new ArrayList<>();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            procs.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit)).forEach(proc -> {
                try {
                    for (String line : Files.readAllLines(proc.resolve("status"), StandardCharsets.UTF_8)) {
                        if (line.startsWith("State:") && line.contains("Z")) {
                            break; // a zombie holds nothing and cannot be killed: its parent reaps it
                        }
                        if (line.startsWith("Uid:")) {
                            String[] ids = line.substring(4).trim().split("\\s+");
                            if (Integer.parseInt(ids[0]) == uid || Integer.parseInt(ids[1]) == uid) {
                                pids.add(Long.parseLong(proc.getFileName().toString()));
                            }
                            break;
                        }
                    }
                } catch (IOException | RuntimeException e) {
                    // the process ended while we looked
                }
            });
        } catch (IOException e) {
            throw new IllegalStateException("cannot list processes: " + e.getMessage(), e);
        }
        return pids;
    }

    private static void removeIpcObjects(int uid) {
        for (IpcKind kind : IPC_KINDS) {
            for (String id : kind.idsOwnedBy(uid)) {
                Command.of("ipcrm", kind.ipcrmFlag(), id).run();
            }
        }
    }

    /** One table of /proc/sysvipc: a header line names the columns. */
    private record IpcKind(String table, String idColumn, String ipcrmFlag) {
        List<String> idsOwnedBy(int uid) {
            try {
                List<String> lines = Files.readAllLines(Path.of(table), StandardCharsets.UTF_8);
                if (lines.isEmpty()) {
                    return List.of();
                }
                List<String> header = Arrays.asList(lines.get(0).trim().split("\\s+"));
                int id = header.indexOf(idColumn);
                int owner = header.indexOf("uid");
                int creator = header.indexOf("cuid");
                String wanted = Integer.toString(uid);
                return lines.stream().skip(1).map(l -> l.trim().split("\\s+"))
                        .filter(row -> row.length > Math.max(owner, creator)
                                && (wanted.equals(row[owner]) || wanted.equals(row[creator])))
                        .map(row -> row[id]).toList();
            } catch (IOException e) {
                return List.of(); // no System V IPC in this kernel
            }
        }
    }
}
