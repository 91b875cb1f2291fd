package io.dblab.checkup.report;

import io.dblab.checkup.api.Priority;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The outcome of one checkup run: the hosts, every check's result, and warnings about the run itself. */
public record CheckupReport(String project, Instant timestamp, Duration duration, List<HostInfo> hosts,
                            List<CheckResult> checks, List<String> warnings) {
    public CheckupReport {
        hosts = List.copyOf(hosts);
        checks = List.copyOf(checks);
        warnings = List.copyOf(warnings);
    }

    public long count(Priority priority) {
        return checks.stream().mapToLong(c -> c.count(priority)).sum();
    }

    public Optional<CheckResult> check(String id) {
        return checks.stream().filter(c -> c.id().equalsIgnoreCase(id)).findFirst();
    }

    public List<HostInfo> reachedHosts() {
        return hosts.stream().filter(HostInfo::isReached).toList();
    }
}
