package io.dblab.pg.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;

/**
 * An OS identity that runs PostgreSQL processes and owns their files: a named account (the
 * {@code postgres} user, to which a root engine hands its pool's servers, since PostgreSQL refuses
 * to run as root), or a bare uid and gid without an account (a clone's own identity). An
 * unprivileged engine runs everything as itself.
 */
public final class OsUser {
    private static final boolean ROOT = "root".equals(System.getProperty("user.name"));
    /** Bare identities are entered with setpriv: no account is needed, and no process of it gains privileges. */
    private static final String SETPRIV = "setpriv";
    private final String name;
    private final int uid;
    private final int gid;

    private OsUser(String name, int uid, int gid) {
        this.name = name;
        this.uid = uid;
        this.gid = gid;
    }

    /** The user for PostgreSQL processes: {@code postgres} when we are root, else ourselves. */
    public static OsUser forPostgres() {
        return new OsUser(ROOT ? "postgres" : System.getProperty("user.name"), -1, -1);
    }

    /** The identity this process runs as (the engine's own). */
    public static OsUser current() {
        return new OsUser(System.getProperty("user.name"), -1, -1);
    }

    /** An identity by numbers alone, which needs no entry in /etc/passwd. */
    public static OsUser ofIds(int uid, int gid) {
        if (uid <= 0 || gid <= 0) {
            throw new IllegalArgumentException("a bare identity needs a uid and gid above 0, not " + uid + ":" + gid);
        }
        return new OsUser(null, uid, gid);
    }


    public static boolean isRoot() {
        return ROOT;
    }

    /** The account name, or {@code #<uid>} for a bare identity. */
    public String name() {
        return name != null ? name : "#" + uid;
    }

    /** The uid of a bare identity, or -1 for a named account. */
    public int uid() {
        return uid;
    }

    /**
     * The command that runs the rest of an argument list as this user, or an empty list when the
     * current process already is this user.
     */
    List<String> switchCommand() {
        if (!ROOT) {
            return List.of();
        }
        if (name == null) {
            return List.of(SETPRIV, "--reuid=" + uid, "--regid=" + gid, "--clear-groups", "--no-new-privs",
                    "--inh-caps=-all", "--");
        }
        return "root".equals(name) ? List.of() : List.of("runuser", "-u", name, "--");
    }

    /**
     * Gives a file or directory to this user (a no-op when we are not root). A link is never
     * followed: the link itself would change owner, so links are refused.
     */
    public void own(Path path) {
        if (!ROOT) {
            return;
        }
        try {
            if (Files.isSymbolicLink(path)) {
                throw new IOException("it is a symbolic link");
            }
            if (name == null) {
                Files.setAttribute(path, "unix:uid", uid, LinkOption.NOFOLLOW_LINKS);
                Files.setAttribute(path, "unix:gid", gid, LinkOption.NOFOLLOW_LINKS);
            } else {
                var lookup = path.getFileSystem().getUserPrincipalLookupService();
                var view = Files.getFileAttributeView(path, java.nio.file.attribute.PosixFileAttributeView.class,
                        LinkOption.NOFOLLOW_LINKS);
                view.setOwner(lookup.lookupPrincipalByName(name));
                view.setGroup(lookup.lookupPrincipalByGroupName(name));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot give " + path + " to " + name() + ": " + e.getMessage(), e);
        }
    }
}
