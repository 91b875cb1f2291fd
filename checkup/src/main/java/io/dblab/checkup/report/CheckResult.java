package io.dblab.checkup.report;

import io.dblab.checkup.api.Finding;
import io.dblab.checkup.api.Priority;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One check's part of a report: per host its data or why there is none, its findings, and the
 * failure of its conclusion step if that failed.
 */
public record CheckResult(String id, String title, Map<String, HostResult> byHost, List<Finding> findings,
                          String concludeError) {
    public CheckResult {
        byHost = new LinkedHashMap<>(byHost);
        findings = List.copyOf(findings);
    }

    /** The check's name as a file-name part: its title in lower case with underscores, like {@code table_sizes}. */
    public String name() {
        return slug(title);
    }

    public long count(Priority priority) {
        return findings.stream().filter(f -> f.priority() == priority).count();
    }

    public boolean has(Priority priority) {
        return count(priority) > 0;
    }

    /** Whether no host gave data. */
    public boolean ranNowhere() {
        return byHost.values().stream().noneMatch(HostResult::isOk);
    }

    public static String slug(String title) {
        String s = title.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_");
        s = s.replaceAll("^_+|_+$", "");
        return s.isEmpty() ? "check" : s;
    }
}
