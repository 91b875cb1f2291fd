package io.dblab.engine.isolation;

import io.dblab.engine.config.EngineConfig;
import io.dblab.pg.process.Command;
import io.dblab.pg.process.OsUser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Each clone runs under its own OS identity, a bare uid and gid derived from its port
 * ({@code provision.cloneUidBase + port}: one clone at a time holds a port on a host, so two
 * engines never hand out the same identity), which owns that clone's files and
 * nothing else: not the other clones, not the pool's data, standby or snapshots, not the engine's
 * state. The clone's copy is mounted over itself with an ID mapping (see {@link IdMappedMount}),
 * and when the clone goes, everything its identity left behind goes too ({@link IdentitySweeper}).
 * An engine that is not root cannot switch identities: its clones then run as itself.
 */
public final class CloneIsolation {
    private static final Duration UNMOUNT_PATIENCE = Duration.ofSeconds(10);
    private static final Logger LOG = LoggerFactory.getLogger(CloneIsolation.class);
    private final boolean enabled;
    private final long uidBase;
    private final int portFrom;
    private final int portTo;

    private CloneIsolation(boolean enabled, long uidBase, int portFrom, int portTo) {
        this.enabled = enabled;
        this.uidBase = uidBase;
        this.portFrom = portFrom;
        this.portTo = portTo;
    }

    /** Isolation as configured; refuses a uid range that accounts on this machine already use. */
    public static CloneIsolation fromConfig(EngineConfig.Provision provision) {
        CloneIsolation isolation = new CloneIsolation(OsUser.isRoot(), provision.cloneUidBase(),
                provision.portPool().from(), provision.portPool().to());
        if (isolation.enabled) {
            isolation.requireUnusedIds();
        } else {
            LOG.warn("the engine does not run as root, so clones run as its own OS user and can reach each other's"
                    + " files; run the engine as root to give each clone its own identity");
        }
        return isolation;
    }

    public boolean enabled() {
        return enabled;
    }

    /**
     * Who runs a server on {@code port}: the clone's identity inside the clone port pool, the
     * pool's server user outside it (a standby or promotion copy the engine started itself).
     */
    public OsUser serverUserOn(int port) {
        return port >= portFrom && port <= portTo ? identityFor(port) : OsUser.forPostgres();
    }

    /** The identity of the clone on {@code port}; the pool's server user when isolation is off. */
    public OsUser identityFor(int port) {
        if (!enabled) {
            return OsUser.forPostgres();
        }
        if (port < portFrom || port > portTo) {
            throw new IllegalArgumentException("port " + port + " is outside the clone port pool " + portFrom + "-" + portTo);
        }
        int id = (int) (uidBase + port);
        return OsUser.ofIds(id, id);
    }

    /**
     * Hands the clone's copy to the identity of {@code port}: mounted over itself so that the
     * pool's files appear as that identity's. A copy mounted already (a clone adopted after an
     * engine restart) stays as it is.
     */
    public void isolate(Path cloneDir, int port) {
        if (!enabled || IdMappedMount.isMountPoint(cloneDir)) {
            return;
        }
        OsUser identity = identityFor(port);
        long started = System.nanoTime();
        IdMappedMount.mount(cloneDir, attribute(cloneDir, "unix:uid"), attribute(cloneDir, "unix:gid"),
                identity.uid(), identity.uid());
        LOG.debug("clone uid {}: {} mounted in {} ms", identity.uid(), cloneDir, millisSince(started));
    }

    /**
     * Ends the identity's hold on the clone's copy (its server must be stopped): every process,
     * IPC object and temporary file of the identity goes, then the mount, so that the copy can be
     * deleted and the identity given to the next clone on that port.
     */
    public void release(Path cloneDir) {
        if (!enabled || !IdMappedMount.isMountPoint(cloneDir)) {
            return;
        }
        int uid = attribute(cloneDir, "unix:uid");
        long started = System.nanoTime();
        if (isCloneUid(uid)) {
            IdentitySweeper.sweep(uid);
        }
        long swept = System.nanoTime();
        if (!unmountPatiently(cloneDir)) {
            throw new IllegalStateException("cannot unmount the clone copy " + cloneDir + ": it is still in use");
        }
        LOG.debug("clone uid {}: swept in {} ms, {} unmounted in {} ms", uid, millisSince(started), cloneDir,
                millisSince(swept));
    }

    /**
     * Once the identity's processes are gone, what still holds the mount is someone else for a moment:
     * the engine's own size measurement walking the pool (with quotas off), an operator's {@code ls}.
     * A holder that stays longer (a shell sitting in the copy) fails the deletion, which says so.
     */
    private static boolean unmountPatiently(Path cloneDir) {
        long deadline = System.nanoTime() + UNMOUNT_PATIENCE.toNanos();
        while (!IdMappedMount.unmount(cloneDir)) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    /** For the debug log, which says where the isolation's time goes. */
    private static long millisSince(long nanos) {
        return (System.nanoTime() - nanos) / 1_000_000;
    }

    private boolean isCloneUid(long uid) {
        return uid >= uidBase + portFrom && uid <= uidBase + portTo;
    }

    /** Accounts, groups or subordinate ranges in the clone uid range would share files with clones. */
    private void requireUnusedIds() {
        long first = uidBase + portFrom;
        long last = uidBase + portTo;
        for (String database : List.of("passwd", "group")) {
            for (String line : Command.of("getent", database).run().output().split("\n")) {
                String[] fields = line.split(":");
                if (fields.length > 2 && fields[2].matches("\\d+") && isCloneUid(Long.parseLong(fields[2]))) {
                    throw new IllegalStateException("provision.cloneUidBase: id " + fields[2] + " of " + database
                            + " entry '" + fields[0] + "' lies in the clone range " + first + "-" + last
                            + "; choose a range no account or group uses");
                }
            }
        }
        for (String file : List.of("/etc/subuid", "/etc/subgid")) {
            for (String line : readLines(Path.of(file))) {
                String[] fields = line.split(":");
                if (fields.length == 3 && fields[1].matches("\\d+") && fields[2].matches("\\d+")) {
                    long start = Long.parseLong(fields[1]);
                    long end = start + Long.parseLong(fields[2]) - 1;
                    if (start <= last && end >= first) {
                        throw new IllegalStateException("provision.cloneUidBase: the clone range " + first + "-" + last
                                + " overlaps " + file + "'s range for " + fields[0] + "; choose another range");
                    }
                }
            }
        }
    }

    private static List<String> readLines(Path file) {
        try {
            return Files.exists(file) ? Files.readAllLines(file) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static int attribute(Path path, String name) {
        try {
            return (Integer) Files.getAttribute(path, name, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the owner of " + path + ": " + e.getMessage(), e);
        }
    }
}
