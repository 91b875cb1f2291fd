package io.dblab.engine.isolation;

import static io.dblab.engine.isolation.LinuxCalls.LIBC;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import io.dblab.pg.process.Command;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A directory mounted over itself with an ID mapping: through the mount, files that the pool's
 * server user owns on disk appear owned by a clone's identity, and what that identity writes is
 * stored as the pool's user. So a clone runs as its own identity on a copy whose files nobody had
 * to change owner of (that would cost time for every file), and its snapshots stay the pool's.
 * Root keeps its own id, so files the engine writes into the clone stay the engine's.
 */
final class IdMappedMount {
    private static final Path MOUNT_INFO = Path.of("/proc/self/mountinfo");
    private static final long USERNS_WAIT_NANOS = 5_000_000_000L;
    /**
     * Open user namespaces by their ID maps, kept for the life of the process: making one starts a
     * process (unshare), 10 to 30 ms on a busy machine, and the same maps come back with every clone
     * on the same port and pool. A namespace no process lives in is a small kernel object, and there
     * is at most one for each clone identity and pool owner.
     */
    private static final Map<IdMaps, Integer> NAMESPACES = new ConcurrentHashMap<>();

    /** The contents of uid_map and gid_map. */
    private record IdMaps(String uidMap, String gidMap) {}

    private IdMappedMount() {}

    /** Mounts {@code dir} over itself so that {@code diskUid:diskGid} appear as {@code uid:gid}. */
    static void mount(Path dir, int diskUid, int diskGid, int uid, int gid) {
        int userns = NAMESPACES.computeIfAbsent(
                new IdMaps(diskUid + " " + uid + " 1\n0 0 1\n", diskGid + " " + gid + " 1\n0 0 1\n"),
                IdMappedMount::userNamespace);
        int tree = -1;
        try {
            tree = (int) LIBC.syscall(LinuxCalls.SYS_OPEN_TREE, LinuxCalls.AT_FDCWD, dir.toString(),
                    LinuxCalls.OPEN_TREE_CLONE | LinuxCalls.OPEN_TREE_CLOEXEC | LinuxCalls.AT_SYMLINK_NOFOLLOW);
            try (Memory attr = new Memory(LinuxCalls.MOUNT_ATTR_SIZE)) {
                attr.clear();
                attr.setLong(0, LinuxCalls.MOUNT_ATTR_IDMAP);
                attr.setLong(24, userns);
                LIBC.syscall(LinuxCalls.SYS_MOUNT_SETATTR, (long) tree, "", LinuxCalls.AT_EMPTY_PATH, attr,
                        (long) LinuxCalls.MOUNT_ATTR_SIZE);
            }
            LIBC.syscall(LinuxCalls.SYS_MOVE_MOUNT, (long) tree, "", LinuxCalls.AT_FDCWD, dir.toString(),
                    LinuxCalls.MOVE_MOUNT_F_EMPTY_PATH);
        } catch (LastErrorException e) {
            throw new IllegalStateException("cannot mount " + dir + " for uid " + uid + " (ID-mapped mounts need"
                    + " Linux 5.15 or later and a file system that supports them): errno " + e.getErrorCode(), e);
        } finally {
            closeQuietly(tree);
        }
    }

    /** Unmounts the mount at {@code dir}; false when it is busy (a process still uses it). */
    static boolean unmount(Path dir) {
        try {
            LIBC.umount2(dir.toString(), LinuxCalls.UMOUNT_NOFOLLOW);
            return true;
        } catch (LastErrorException e) {
            if (e.getErrorCode() == LinuxCalls.EBUSY) {
                return false;
            }
            throw new IllegalStateException("cannot unmount " + dir + ": errno " + e.getErrorCode(), e);
        }
    }

    /** Whether something is mounted exactly at {@code dir}. */
    static boolean isMountPoint(Path dir) {
        String target = dir.toAbsolutePath().normalize().toString();
        try {
            for (String line : Files.readAllLines(MOUNT_INFO, StandardCharsets.UTF_8)) {
                String[] fields = line.split(" ");
                if (fields.length > 4 && unescape(fields[4]).equals(target)) {
                    return true;
                }
            }
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + MOUNT_INFO, e);
        }
    }

    /**
     * A user namespace with these ID maps, as an open descriptor: a short-lived process enters a
     * new one, the maps are written from here (as root, in the parent namespace), and the open
     * descriptor keeps the namespace alive after the process is gone.
     */
    private static int userNamespace(IdMaps maps) {
        Process holder = Command.of("unshare", "--user", "--", "cat").start();
        try {
            Path proc = Path.of("/proc", Long.toString(holder.pid()));
            awaitOwnNamespace(proc.resolve("ns/user"), holder);
            Files.writeString(proc.resolve("uid_map"), maps.uidMap());
            Files.writeString(proc.resolve("gid_map"), maps.gidMap());
            return LIBC.open(proc.resolve("ns/user").toString(), LinuxCalls.O_RDONLY | LinuxCalls.O_CLOEXEC);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot set up a user namespace for an ID-mapped mount: " + e.getMessage(), e);
        } catch (LastErrorException e) {
            throw new IllegalStateException("cannot open a user namespace: errno " + e.getErrorCode(), e);
        } finally {
            holder.destroyForcibly();
        }
    }

    /** Waits until the process has left our user namespace (unshare has run). */
    private static void awaitOwnNamespace(Path namespace, Process holder) throws IOException {
        Path ours = Files.readSymbolicLink(Path.of("/proc/self/ns/user"));
        long deadline = System.nanoTime() + USERNS_WAIT_NANOS;
        while (Files.readSymbolicLink(namespace).equals(ours)) {
            if (!holder.isAlive() || System.nanoTime() > deadline) {
                throw new IOException("unshare --user did not enter a new user namespace");
            }
            Thread.onSpinWait();
        }
    }

    private static void closeQuietly(int fd) {
        if (fd >= 0) {
            try {
                LIBC.close(fd);
            } catch (LastErrorException ignored) {
                // nothing to do about a descriptor that would not close
            }
        }
    }

    /** mountinfo writes space, tab, newline and backslash in paths as octal escapes. */
    static String unescape(String field) {
        StringBuilder out = new StringBuilder(field.length());
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '\\' && i + 3 < field.length() && field.substring(i + 1, i + 4).matches("[0-3][0-7][0-7]")) {
                out.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
