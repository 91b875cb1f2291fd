package io.dblab.engine.pool;

import io.dblab.pg.process.Command;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/** The btrfs subvolume operations a pool needs. */
final class Subvolumes {
    /** btrfs gives the root directory of every subvolume this inode number (BTRFS_FIRST_FREE_OBJECTID). */
    private static final long SUBVOLUME_ROOT_INODE = 256;

    private Subvolumes() {}

    static void create(Path path) {
        Command.of("btrfs", "subvolume", "create", path.toString()).check();
    }

    /**
     * Snapshots {@code source} as {@code target}. The target must not exist: btrfs would otherwise
     * quietly put the snapshot inside it.
     */
    static void snapshot(Path source, Path target, boolean readOnly) {
        if (PoolLayout.exists(target)) {
            throw new IllegalStateException(target + " already exists");
        }
        if (readOnly) {
            Command.of("btrfs", "subvolume", "snapshot", "-r", source.toString(), target.toString()).check();
        } else {
            Command.of("btrfs", "subvolume", "snapshot", source.toString(), target.toString()).check();
        }
    }

    /** Makes a writable subvolume read-only. */
    static void makeReadOnly(Path path) {
        Command.of("btrfs", "property", "set", "-ts", path.toString(), "ro", "true").check();
    }

    /** Deletes the subvolume; one that is already gone is fine. */
    static void delete(Path path) {
        if (PoolLayout.exists(path)) {
            Command.of("btrfs", "subvolume", "delete", path.toString()).check();
        }
    }

    static boolean isSubvolume(Path path) {
        try {
            return Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)
                    && ((Number) Files.getAttribute(path, "unix:ino", LinkOption.NOFOLLOW_LINKS)).longValue()
                    == SUBVOLUME_ROOT_INODE;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot inspect " + path + ": " + e.getMessage(), e);
        }
    }
}
