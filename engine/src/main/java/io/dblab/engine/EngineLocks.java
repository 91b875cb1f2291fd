package io.dblab.engine;

import io.dblab.engine.config.EngineConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The locks that make an engine the only one on its state directory and on each of its pools (the
 * mount point, and the image file when the pool has one). Two engines on one {@code state.json}
 * would each take the other's clones for lost; two on one pool would mount and destroy under each
 * other. They are taken before anything is read or mounted, and released when the engine stops.
 */
final class EngineLocks implements AutoCloseable {
    private final Deque<OwnerLock> held = new ArrayDeque<>();

    private EngineLocks() {}

    /** Takes every lock, or none: the first one held by another engine fails the start with its owner. */
    static EngineLocks acquire(EngineConfig config, Path configFile) {
        String owner = "pid " + ProcessHandle.current().pid() + ", config "
                + (configFile == null ? "given in-process" : configFile.toAbsolutePath().normalize());
        EngineLocks locks = new EngineLocks();
        try {
            for (OwnerLock.Subject subject : subjects(config)) {
                locks.held.push(OwnerLock.acquire(subject, owner));
            }
            return locks;
        } catch (RuntimeException e) {
            locks.close();
            throw e;
        }
    }

    private static List<OwnerLock.Subject> subjects(EngineConfig config) {
        List<OwnerLock.Subject> subjects = new ArrayList<>();
        Path stateDir = Path.of(config.stateDir());
        subjects.add(new OwnerLock.Subject("the state directory " + stateDir, stateDir.resolve("engine.lock"),
                "stop that engine, or give this one a stateDir of its own",
                "set stateDir to a directory this engine can write"));
        Path mountDir = Path.of(config.poolManager().mountDir());
        for (EngineConfig.Pool pool : config.poolManager().pools()) {
            // beside the mount point, not in it: a mount would hide it, and a pool name cannot start with a dot
            subjects.add(new OwnerLock.Subject("pool " + pool.name() + " (" + mountDir.resolve(pool.name()) + ")",
                    mountDir.resolve("." + pool.name() + ".lock"),
                    "stop that engine, or give this one a poolManager.mountDir or pool name of its own",
                    "set poolManager.mountDir to a directory this engine can write"));
            if (pool.imageFile() != null && !pool.imageFile().isBlank()) {
                Path image = Path.of(pool.imageFile());
                subjects.add(new OwnerLock.Subject("the image " + image + " of pool " + pool.name(),
                        image.resolveSibling(image.getFileName() + ".lock"),
                        "stop that engine, or give pool " + pool.name() + " an imageFile of its own",
                        "set the imageFile of pool " + pool.name() + " to a path in a directory this engine can write"));
            }
        }
        return subjects;
    }

    @Override
    public void close() {
        while (!held.isEmpty()) {
            try {
                held.pop().close();
            } catch (IOException e) {
                // the process still holds the lock; it goes when the process does
            }
        }
    }
}
