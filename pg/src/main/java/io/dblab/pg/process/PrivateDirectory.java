package io.dblab.pg.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Directories the engine makes for its servers (socket directories, mount points) where nobody
 * else can swap a link in: each lies in a directory owned by the engine that no one else may write,
 * and no operation here follows a symbolic link.
 */
public final class PrivateDirectory {
    private PrivateDirectory() {}

    /**
     * Makes {@code dir} if it is missing (its parent must be the engine's and not writable by
     * others) and gives it these permissions; an existing one must be a real directory of the engine.
     */
    public static Path ensure(Path dir, String permissions) {
        requireEngineOwned(dir.getParent());
        try {
            if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
                Files.createDirectory(dir);
            }
            requireEngineOwned(dir);
            view(dir).setPermissions(PosixFilePermissions.fromString(permissions));
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare directory " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Replaces {@code dir} (inside an engine directory) with an empty one of {@code owner}, mode 0700. */
    public static Path recreate(Path dir, OsUser owner) {
        requireEngineOwned(dir.getParent());
        try {
            deleteTree(dir);
            Files.createDirectory(dir);
            view(dir).setPermissions(PosixFilePermissions.fromString("rwx------"));
            owner.own(dir);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare directory " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Deletes a tree, links included as links (never their targets); a missing one is fine. */
    public static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException failure) throws IOException {
                if (failure != null) {
                    throw failure;
                }
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /** A real directory (not a link) owned by the engine's user, which no one else may write into. */
    static void requireEngineOwned(Path dir) {
        try {
            if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                throw new IllegalStateException(dir + " is not a directory (or is a symbolic link)");
            }
            int owner = (Integer) Files.getAttribute(dir, "unix:uid", LinkOption.NOFOLLOW_LINKS);
            int self = (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(dir, LinkOption.NOFOLLOW_LINKS);
            boolean othersWrite = permissions.contains(PosixFilePermission.GROUP_WRITE)
                    || permissions.contains(PosixFilePermission.OTHERS_WRITE);
            if (owner != self || othersWrite) {
                throw new IllegalStateException(dir + " must belong to the engine's user (uid " + self
                        + ") and be writable by it alone; it belongs to uid " + owner + " with mode "
                        + PosixFilePermissions.toString(permissions));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot inspect " + dir + ": " + e.getMessage(), e);
        }
    }

    private static PosixFileAttributeView view(Path path) {
        return Files.getFileAttributeView(path, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
    }
}
