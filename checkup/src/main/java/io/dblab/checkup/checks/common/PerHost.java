package io.dblab.checkup.checks.common;

import io.dblab.checkup.api.Finding;
import io.dblab.checkup.api.HostData;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Conclusions drawn host by host. With several hosts each conclusion starts with its host's name
 * ({@code "db2:5432: …"}), so that the report says where a problem is; with one host it does not.
 */
public final class PerHost {
    private PerHost() {}

    /** The conclusions from one host's data; {@code prefix} ("host: " or "") starts each of them. */
    public interface Step {
        void conclude(String prefix, HostData data, List<Finding> findings);
    }

    public static List<Finding> findings(Map<String, HostData> byHost, Step step) {
        List<Finding> findings = new ArrayList<>();
        for (Map.Entry<String, HostData> e : byHost.entrySet()) {
            step.conclude(byHost.size() > 1 ? e.getKey() + ": " : "", e.getValue(), findings);
        }
        return findings;
    }
}
