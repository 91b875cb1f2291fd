package io.dblab.platform.engines;

import io.dblab.client.model.InstanceStatus;
import java.util.List;

/**
 * One engine as the list shows it: how it is reached, whether it answered {@code GET /status} (then
 * {@code status} is set) or why not ({@code problem}).
 */
public record EngineOverview(Engine engine, String connection, InstanceStatus status, String problem) {
    public boolean answered() {
        return status != null;
    }

    public String statusCode() {
        return status == null || status.status() == null ? "UNKNOWN" : status.status().code();
    }

    public List<InstanceStatus.Pool> pools() {
        return status == null || status.pools() == null ? List.of() : status.pools();
    }

    /** The pools' used and total bytes together, like "1.2 GiB of 4.0 GiB"; empty when the engine did not say. */
    public String diskUse() {
        long used = 0;
        long size = 0;
        for (InstanceStatus.Pool pool : pools()) {
            if (pool.fileSystem() != null) {
                used += pool.fileSystem().used();
                size += pool.fileSystem().size();
            }
        }
        return size == 0 ? "" : bytes(used) + " of " + bytes(size);
    }

    public int clones() {
        return status == null || status.cloning() == null ? 0 : status.cloning().numClones();
    }

    public String version() {
        return status == null || status.engine() == null ? "" : status.engine().version();
    }

    static String bytes(long count) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
        double value = count;
        int unit = 0;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return unit == 0 ? count + " B" : String.format(java.util.Locale.ROOT, "%.1f %s", value, units[unit]);
    }
}
