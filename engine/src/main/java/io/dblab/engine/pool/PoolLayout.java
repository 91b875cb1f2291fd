package io.dblab.engine.pool;

import io.dblab.pg.process.Command;
import io.dblab.pg.process.OsUser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Where things live in a pool: {@code data/}, {@code snapshots/<name>/}, {@code clones/<id>/}.
 * Every path built from a name goes through {@link PoolNames} first.
 */
final class PoolLayout {
    /** The lock file a running PostgreSQL server keeps in its data directory. */
    static final String LOCK_FILE = "postmaster.pid";
    private final String poolName;
    private final Path root;

    PoolLayout(String poolName, Path root) {
        this.poolName = poolName;
        this.root = root;
    }

    Path root() {
        return root;
    }

    Path dataDir() {
        return root.resolve("data");
    }

    Path snapshotsDir() {
        return root.resolve("snapshots");
    }

    Path clonesDir() {
        return root.resolve("clones");
    }

    Path snapshotPath(String name) {
        return snapshotsDir().resolve(PoolNames.requireValid("snapshot name", name));
    }

    Path clonePath(String cloneId) {
        return clonesDir().resolve(PoolNames.requireValid("clone id", cloneId));
    }

    /** The snapshot's path, failing when there is no such snapshot. */
    Path existingSnapshot(String name) {
        return requireExisting(snapshotPath(name), "snapshot", name);
    }

    /** The clone's path, failing when there is no such clone. */
    Path existingClone(String cloneId) {
        return requireExisting(clonePath(cloneId), "clone", cloneId);
    }

    List<String> snapshots() {
        return namesIn(snapshotsDir());
    }

    List<String> clones() {
        return namesIn(clonesDir());
    }

    /** The data directory, every snapshot and every clone: all that takes space in the pool. */
    List<Path> allCopies() {
        List<Path> copies = new ArrayList<>();
        if (Files.isDirectory(dataDir())) {
            copies.add(dataDir());
        }
        snapshots().forEach(name -> copies.add(snapshotsDir().resolve(name)));
        clones().forEach(id -> copies.add(clonesDir().resolve(id)));
        return copies;
    }

    /**
     * Creates the directories of copies. Clones' identities may pass through the root and
     * {@code clones/} to their own copy, but list neither; snapshots are the engine's alone.
     */
    void createCopyDirs() {
        try {
            Files.createDirectories(snapshotsDir());
            Files.createDirectories(clonesDir());
            Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwx--x--x"));
            Files.setPosixFilePermissions(clonesDir(), PosixFilePermissions.fromString("rwx--x--x"));
            Files.setPosixFilePermissions(snapshotsDir(), PosixFilePermissions.fromString("rwx------"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the layout of the pool at " + root + ": " + e.getMessage(), e);
        }
    }

    /** The type of the file system the root is on ({@code btrfs}, {@code xfs}, ...), or null when unknown. */
    String fileSystemType() {
        try {
            return Files.getFileStore(root).type();
        } catch (IOException e) {
            return null;
        }
    }

    static boolean exists(Path path) {
        return Files.exists(path, LinkOption.NOFOLLOW_LINKS);
    }

    /** PostgreSQL refuses a data directory that others can read or that belongs to another user. */
    static void restrictToPostgres(Path dir) {
        OsUser.forPostgres().own(dir);
        try {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot set the permissions of " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * Gives every file of a copy to the postgres OS user: a copy read through a clone's ID-mapped
     * mount (a commit on a pool without atomic snapshots) took the clone identity's ids.
     */
    static void giveTreeToPostgres(Path copy) {
        if (OsUser.isRoot()) {
            String user = OsUser.forPostgres().name();
            Command.of("chown", "-R", "-P", user + ":" + user, "--", copy.toString()).check();
        }
    }

    /** Removes a copied server lock file from a copy of a data directory. */
    static void deleteLockFile(Path copy) {
        try {
            Files.deleteIfExists(copy.resolve(LOCK_FILE));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + LOCK_FILE + " from " + copy + ": " + e.getMessage(), e);
        }
    }

    private Path requireExisting(Path path, String kind, String name) {
        if (!exists(path)) {
            throw new IllegalArgumentException("pool " + poolName + " has no " + kind + " " + name);
        }
        return path;
    }

    /** Valid names only: partial copies (dot names) and stray files are not snapshots or clones. */
    private static List<String> namesIn(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.map(p -> p.getFileName().toString()).filter(PoolNames::isValid).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
        }
    }
}
