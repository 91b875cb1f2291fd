package io.dblab.engine.pool;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Measures the space used by copies (data directory, snapshots, clones) in a pool. */
interface SpaceMeter {

    /** The usage of each path that could be measured; a path that vanished meanwhile is left out. */
    Map<Path, SpaceUsage> measure(List<Path> paths);
}
