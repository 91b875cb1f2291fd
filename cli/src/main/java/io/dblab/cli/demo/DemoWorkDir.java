package io.dblab.cli.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The directory that holds everything the demo makes: the pool's image file and mount point, the
 * engine's state and the source server's data. At the end it goes away: the whole directory when
 * the demo made it, only its contents when the user gave an (empty) one.
 */
final class DemoWorkDir {
    private final Path root;
    private final boolean createdByDemo;

    private DemoWorkDir(Path root, boolean createdByDemo) {
        this.root = root;
        this.createdByDemo = createdByDemo;
    }

    /** A new temporary directory, or {@code requested}, which must be missing or empty. */
    static DemoWorkDir prepare(Path requested) {
        try {
            if (requested == null) {
                return created(Files.createTempDirectory(temporaryFilesDir(), "dblab-demo-"));
            }
            Path dir = requested.toAbsolutePath().normalize();
            if (!Files.exists(dir)) {
                return created(Files.createDirectories(dir));
            }
            if (!Files.isDirectory(dir) || !isEmpty(dir)) {
                throw new IllegalArgumentException("--work-dir " + dir + " must be an empty directory or not exist yet,"
                        + " so that cleaning up removes only what the demo made");
            }
            return new DemoWorkDir(dir, false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the work directory: " + e.getMessage(), e);
        }
    }

    Path root() {
        return root;
    }

    Path poolImage() {
        return root.resolve("pool.img");
    }

    Path mountDir() {
        return root.resolve("mnt");
    }

    Path stateDir() {
        return root.resolve("state");
    }

    /**
     * Creates the directory of a server that runs its own PostgreSQL (the source, the Platform): the
     * server's user may pass through it to its data directory, which initdb makes inside; its socket
     * directory lies here too.
     */
    Path createServiceDir(String name) {
        Path dir = root.resolve(name);
        try {
            Files.createDirectories(dir);
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx--x--x"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir + ": " + e.getMessage(), e);
        }
        return dir;
    }

    /**
     * Deletes what the demo made. A file system still mounted inside means the pool could not be
     * unmounted; deleting through the mount would wipe a live pool, so the directory stays then.
     */
    void delete() throws IOException {
        List<Path> mounts = Mounts.under(root);
        if (!mounts.isEmpty()) {
            throw new IllegalStateException("left " + root + " in place: still mounted there: " + mounts);
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                if (createdByDemo || !path.equals(root)) {
                    Files.delete(path);
                }
            }
        }
    }

    private static DemoWorkDir created(Path dir) throws IOException {
        // Traversable but not listable by others: the postgres OS user must reach the data
        // directories inside when the demo runs as root.
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx--x--x"));
        return new DemoWorkDir(dir, true);
    }

    /** /tmp, unless it lives in memory (tmpfs): the demo writes hundreds of megabytes. */
    private static Path temporaryFilesDir() throws IOException {
        Path tmp = Path.of("/tmp");
        Path varTmp = Path.of("/var/tmp");
        boolean tmpInMemory = "tmpfs".equals(Files.getFileStore(tmp).type());
        return tmpInMemory && Files.isDirectory(varTmp) ? varTmp : tmp;
    }

    private static boolean isEmpty(Path dir) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        }
    }
}
