package io.dblab.cli.demo;

import io.dblab.engine.config.EngineConfig;
import io.dblab.pg.process.OsUser;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The engine configuration of the demo: everything on loopback, inside the work directory, gone at the end. */
final class DemoEngineConfig {
    static final String POOL_IMAGE_SIZE = "4GiB";
    private static final int CLONE_PORT_FROM = 6000;
    private static final int CLONE_PORT_TO = 6099;
    private static final String LOOPBACK = "127.0.0.1";

    private DemoEngineConfig() {}

    /** {@code tunnel}: where the engine dials out to the demo's Platform. */
    static EngineConfig build(DemoWorkDir work, EngineConfig.Pool pool, int apiPort, String token,
                              String sourceConnStr, EngineConfig.Tunnel tunnel) {
        return new EngineConfig(
                new EngineConfig.Server(LOOPBACK, apiPort, token, null, false),
                new EngineConfig.PoolManager(work.mountDir().toString(), List.of(pool)),
                new EngineConfig.Provision(new EngineConfig.PortPool(CLONE_PORT_FROM, CLONE_PORT_TO), LOOPBACK,
                        null, false, null),
                // no database list: every database of the source
                new EngineConfig.Retrieval("logical", new EngineConfig.Source(sourceConnStr, null), List.of(), 0),
                // idle clones are never destroyed, so the demo clone waits as long as the demo runs
                new EngineConfig.Cloning(0, 0),
                work.stateDir().toString(),
                new EngineConfig.Platform(null, tunnel));
    }

    /**
     * A btrfs pool on a sparse image file when we may loop-mount one (root with btrfs-progs), else
     * reflink copies, which need no privileges. Either way the pool is unmounted when the engine stops.
     */
    static EngineConfig.Pool choosePool(DemoWorkDir work) {
        if (OsUser.isRoot() && onPath("mkfs.btrfs")) {
            return new EngineConfig.Pool(null, "btrfs", work.poolImage().toString(), POOL_IMAGE_SIZE, true, null);
        }
        return new EngineConfig.Pool(null, "reflink", null, null, true, null);
    }

    /** Looks where the engine will: it runs mkfs.btrfs, losetup and mount by name, from PATH. */
    private static boolean onPath(String program) {
        String path = System.getenv().getOrDefault("PATH", "");
        return Stream.of(path.split(File.pathSeparator))
                .filter(dir -> !dir.isEmpty())
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, program)));
    }
}
