package io.dblab.pg.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
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
                try {
                    Files.createDirectory(dir);
                } catch (FileAlreadyExistsException madeMeanwhile) {
                    // another clone starting at the same moment made it: the check below holds for it too
                }
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

    /**
     * Deletes a tree, links included as links (never their targets); a missing one is fine. The
     * tree may belong to a clone's identity whose processes still run (a clone superuser can leave
     * one behind), so every step works relative to an open directory and refuses to follow a link:
     * a subdirectory swapped for a link midway makes the deletion fail, never reach the target.
     */
    public static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
            try (DirectoryStream<Path> stream = Files.newDirectoryStream(root)) {
                if (!(stream instanceof SecureDirectoryStream<Path> secure)) {
                    throw new IOException("this platform cannot delete " + root + " without following links");
                }
                deleteContents(secure);
            }
        }
        Files.delete(root);
    }

    private static void deleteContents(SecureDirectoryStream<Path> dir) throws IOException {
        List<Path> names = new ArrayList<>();
        for (Path entry : dir) {
            names.add(entry.getFileName());
        }
        for (Path name : names) {
            BasicFileAttributes attributes = dir.getFileAttributeView(name, BasicFileAttributeView.class,
                    LinkOption.NOFOLLOW_LINKS).readAttributes();
            if (attributes.isDirectory()) {
                try (SecureDirectoryStream<Path> sub = dir.newDirectoryStream(name, LinkOption.NOFOLLOW_LINKS)) {
                    deleteContents(sub);
                }
                dir.deleteDirectory(name);
            } else {
                dir.deleteFile(name);
            }
        }
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
