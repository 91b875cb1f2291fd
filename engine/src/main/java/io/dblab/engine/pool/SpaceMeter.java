package io.dblab.engine.pool;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Measures the space used by copies (data directory, snapshots, clones) in a pool. */
interface SpaceMeter {

    /** The usage of each path that could be measured; a path that vanished meanwhile is left out. */
    Map<Path, SpaceUsage> measure(List<Path> paths);

    /**
     * The command line of a walk over every file of {@code paths}, at the lowest CPU priority: with
     * hundreds of copies it takes seconds of a CPU, which clone creation, a request or a clone's own
     * server should not wait behind.
     */
    static List<String> walk(List<String> command, List<Path> paths) {
        List<String> argv = new ArrayList<>(List.of("nice", "-n", "19"));
        argv.addAll(command);
        paths.forEach(p -> argv.add(p.toString()));
        return argv;
    }
}
