package io.dblab.checkup.runner;

import io.dblab.checkup.api.Check;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * What to check: the project name, the hosts of one cluster, the checks, the pause between the
 * two samples of sampled checks, the machine's RAM when the user knows it, and tuning options
 * passed to the checks' conclusions.
 */
public record CheckupRequest(String project, List<ConnTarget> hosts, List<Check> checks, Duration interval,
                             OptionalLong ramBytes, Map<String, String> options) {
    public CheckupRequest {
        if (project == null || project.isBlank()) {
            throw new IllegalArgumentException("--project must not be empty");
        }
        if (hosts.isEmpty()) {
            throw new IllegalArgumentException("give at least one --conn");
        }
        if (checks.isEmpty()) {
            throw new IllegalArgumentException("no checks selected");
        }
        if (interval.isNegative()) {
            throw new IllegalArgumentException("--interval must not be negative");
        }
        hosts = List.copyOf(hosts);
        checks = List.copyOf(checks);
        options = Map.copyOf(options);
    }
}
