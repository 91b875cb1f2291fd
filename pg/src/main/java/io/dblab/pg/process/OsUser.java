package io.dblab.pg.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;

/**
 * The OS user that owns PostgreSQL data directories and runs the servers. PostgreSQL refuses to
 * run as root, so a root engine hands its postgres processes to this user; an unprivileged engine
 * runs them as itself.
 */
public final class OsUser {
    private static final boolean ROOT = "root".equals(System.getProperty("user.name"));
    private final String name;

    private OsUser(String name) {
        this.name = name;
    }

    /** The user for PostgreSQL processes: {@code postgres} when we are root, else ourselves. */
    public static OsUser forPostgres() {
        return new OsUser(ROOT ? "postgres" : System.getProperty("user.name"));
    }

    /** The user this process (the engine) runs as. */
    public static OsUser current() {
        return new OsUser(System.getProperty("user.name"));
    }

    public static boolean isRoot() {
        return ROOT;
    }

    public String name() {
        return name;
    }

    /** The user a command must switch to, or null when it already runs as this user. */
    String switchTo() {
        return ROOT && !"root".equals(name) ? name : null;
    }

    /** Gives a file or directory to this user (a no-op when we are not root). */
    public void own(Path path) {
        if (!ROOT) {
            return;
        }
        try {
            UserPrincipalLookupService lookup = path.getFileSystem().getUserPrincipalLookupService();
            UserPrincipal user = lookup.lookupPrincipalByName(name);
            PosixFileAttributeView view = Files.getFileAttributeView(path, PosixFileAttributeView.class);
            view.setOwner(user);
            GroupPrincipal group = lookup.lookupPrincipalByGroupName(name);
            view.setGroup(group);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot give " + path + " to " + name, e);
        }
    }
}
