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
        for (String dir : TEMPORARY_DIRS) {
            if (Files.isDirectory(Path.of(dir))) {
                // find neither follows links nor leaves the file system; what it cannot remove stays
                Command.of("find", dir, "-xdev", "-mindepth", "1", "-uid", Integer.toString(uid), "-delete").run();
            }
        }
    }

    /**
     * Signals every process of the identity from inside it ({@code kill -KILL -1} as that uid reaches
     * exactly its processes) until none is left, so that a process forking as fast as it can is
     * still caught.
     */
    static void killProcesses(int uid) {
        for (int round = 0; round < KILL_ROUNDS && !processesOf(uid).isEmpty(); round++) {
            Command.of("kill", "-KILL", "-1").asUser(OsUser.ofIds(uid, uid)).run();
        }
        List<Long> left = processesOf(uid);
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
