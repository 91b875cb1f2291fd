package io.dblab.pg.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.UUID;

/**
 * Private libpq password files ({@code PGPASSFILE}, {@code passfile=}): how a password reaches a
 * child process without its environment or its argument list, which other processes can read.
 * A file is mode 0600 and owned by the OS user that runs the tool, in that user's directory
 * (mode 0700) under a root directory of the engine's user (mode 0711: others pass through it but
 * cannot list it). Whoever creates a file deletes it as soon as the tool no longer needs it;
 * opening the root again and closing it delete what is left, such as the files of an engine that
 * died.
 */
public final class PasswordFiles implements AutoCloseable {
    private static final String FILE_PREFIX = "pgpass-";
    private final Path root;

    /** Opens (creating it) the root directory and deletes every file a previous engine left there. */
    public PasswordFiles(Path root) {
        this.root = root.toAbsolutePath();
        try {
            if (!Files.isDirectory(this.root, LinkOption.NOFOLLOW_LINKS)) {
                Files.createDirectories(this.root.getParent());
                Files.createDirectory(this.root);
            }
            if (!Files.getOwner(this.root, LinkOption.NOFOLLOW_LINKS).getName().equals(System.getProperty("user.name"))) {
                throw new IllegalStateException(this.root + " is not owned by " + System.getProperty("user.name")
                        + ": it cannot hold the engine's password files");
            }
            Files.setPosixFilePermissions(this.root, PosixFilePermissions.fromString("rwx--x--x"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare " + this.root + " for password files", e);
        }
        deleteAll();
    }

    public Path root() {
        return root;
    }

    /** A new password file for {@code owner} that matches every host, port, database and user. */
    public PasswordFile create(OsUser owner, String password) {
        if (password.indexOf('\n') >= 0 || password.indexOf('\r') >= 0) {
            throw new IllegalArgumentException("a password with a line break cannot go into a libpq password file");
        }
        Path dir = userDir(owner);
        Path file = dir.resolve(FILE_PREFIX + UUID.randomUUID());
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            PasswordFile created = new PasswordFile(file);
            try {
                Files.writeString(file, "*:*:*:*:" + password.replace("\\", "\\\\").replace(":", "\\:") + "\n");
                owner.own(file);
            } catch (IOException | RuntimeException e) {
                created.close();
                throw e;
            }
            return created;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the password file " + file, e);
        }
    }

    private Path userDir(OsUser owner) {
        Path dir = root.resolve(owner.name());
        try {
            if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
            owner.own(dir);
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare " + dir + " for password files", e);
        }
    }

    /** Deletes every password file. */
    @Override
    public void close() {
        deleteAll();
    }

    private void deleteAll() {
        try (DirectoryStream<Path> users = Files.newDirectoryStream(root)) {
            for (Path dir : users) {
                if (Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, FILE_PREFIX + "*")) {
                        for (Path file : files) {
                            Files.deleteIfExists(file);
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the password files under " + root, e);
        }
    }

    /** One password file; closing deletes it. */
    public static final class PasswordFile implements AutoCloseable {
        private final Path path;

        private PasswordFile(Path path) {
            this.path = path;
        }

        public Path path() {
            return path;
        }

        @Override
        public void close() {
            try {
                Files.deleteIfExists(path);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot delete the password file " + path, e);
            }
        }
    }
}
