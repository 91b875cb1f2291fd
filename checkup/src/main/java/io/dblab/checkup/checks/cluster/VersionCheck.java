package io.dblab.checkup.checks.cluster;

import io.dblab.checkup.api.Check;
import io.dblab.checkup.api.CheckContext;
import io.dblab.checkup.api.Finding;
import io.dblab.checkup.api.HostConnection;
import io.dblab.checkup.api.HostData;
import io.dblab.checkup.api.Priority;
import io.dblab.checkup.checks.common.Values;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A002: the PostgreSQL version of each host against the end-of-life dates and latest minor
 * releases in {@link PostgresReleases}. P1 past end of life; P2 end of life within 12 months, an
 * older minor than the latest known, or minors that differ between hosts; P3 a newer major exists,
 * or the version is not in the table (cannot tell).
 */
public final class VersionCheck implements Check {
    private final Clock clock;

    public VersionCheck() {
        this(Clock.systemUTC());
    }

    VersionCheck(Clock clock) {
        this.clock = clock;
    }

    @Override
    public String id() {
        return "A002";
    }

    @Override
    public String title() {
        return "Postgres version";
    }

    @Override
    public HostData collect(HostConnection host) throws SQLException {
        Map<String, Object> row = host.query("SELECT version() AS version, current_setting('server_version') AS server_version, "
                + "current_setting('server_version_num')::int AS server_version_num").get(0);
        int num = ((Number) row.get("server_version_num")).intValue();
        Map<String, Object> data = new LinkedHashMap<>(row);
        data.put("major", PostgresReleases.majorText(PostgresReleases.majorOf(num)));
        data.put("minor", PostgresReleases.minorOf(num));
        return HostData.of(data);
    }

    @Override
    public List<Finding> conclude(Map<String, HostData> byHost, CheckContext context) {
        LocalDate today = LocalDate.now(clock);
        List<Finding> findings = new ArrayList<>();
        Map<Integer, List<String>> hostsByVersion = new TreeMap<>();
        byHost.forEach((host, data) -> hostsByVersion.computeIfAbsent(
                ((Number) data.get("server_version_num")).intValue(), v -> new ArrayList<>()).add(host));
        for (Map.Entry<Integer, List<String>> e : hostsByVersion.entrySet()) {
            findings.addAll(forVersion(e.getKey(), e.getValue(), today));
        }
        Map<Integer, List<Integer>> minorsByMajor = new TreeMap<>();
        hostsByVersion.keySet().forEach(v -> minorsByMajor.computeIfAbsent(PostgresReleases.majorOf(v),
                m -> new ArrayList<>()).add(v));
        if (hostsByVersion.size() > 1) {
            List<String> parts = new ArrayList<>();
            hostsByVersion.forEach((v, hosts) -> parts.add(text(v) + " on " + String.join(", ", hosts)));
            boolean sameMajor = minorsByMajor.size() == 1;
            findings.add(Finding.of(Priority.P2,
                    (sameMajor ? "Minor versions differ between hosts: " : "Versions differ between hosts: ")
                            + String.join("; ", parts) + ".",
                    "Run the same version on all hosts of a cluster: upgrade the older ones (standbys first)."));
        }
        if (findings.stream().noneMatch(f -> f.priority() != Priority.INFO)) {
            findings.add(Finding.of(Priority.INFO, "All hosts run a supported, current version ("
                    + String.join(", ", hostsByVersion.keySet().stream().map(VersionCheck::text).toList()) + ").", null));
        }
        return findings;
    }

    private List<Finding> forVersion(int num, List<String> hosts, LocalDate today) {
        List<Finding> findings = new ArrayList<>();
        int major = PostgresReleases.majorOf(num);
        int minor = PostgresReleases.minorOf(num);
        String where = " on " + Values.list(hosts, 5);
        Optional<PostgresReleases.Branch> branch = PostgresReleases.branch(major);
        if (branch.isEmpty()) {
            if (PostgresReleases.olderThanTable(major)) {
                findings.add(Finding.of(Priority.P1, "PostgreSQL " + text(num) + where
                                + " is long past its end of life: it gets no bug or security fixes.",
                        "Upgrade to a supported major version (" + PostgresReleases.newestMajor() + " is the newest known)."));
            } else {
                findings.add(Finding.of(Priority.P3, "Cannot tell the support status of PostgreSQL " + text(num) + where
                                + ": the release table of this checkup ends at " + PostgresReleases.AS_OF + ".",
                        "Check postgresql.org/support/versioning for its end of life and latest minor release."));
            }
            return findings;
        }
        PostgresReleases.Branch b = branch.get();
        String majorText = PostgresReleases.majorText(major);
        if (!b.endOfLife().isAfter(today)) {
            findings.add(Finding.of(Priority.P1, "PostgreSQL " + majorText + where + " reached its end of life on "
                            + b.endOfLife() + ": it gets no bug or security fixes.",
                    "Upgrade to a supported major version (" + PostgresReleases.newestMajor() + " is the newest known)."));
        } else if (ChronoUnit.MONTHS.between(today, b.endOfLife()) < 12) {
            findings.add(Finding.of(Priority.P2, "PostgreSQL " + majorText + where + " reaches its end of life on "
                            + b.endOfLife() + ", within 12 months.",
                    "Plan the upgrade to a newer major version now."));
        }
        if (minor < b.latestMinor()) {
            findings.add(Finding.of(Priority.P2, "PostgreSQL " + text(num) + where + " is behind the latest minor release "
                            + majorText + "." + b.latestMinor() + " (known as of " + PostgresReleases.AS_OF + ").",
                    "Install the latest minor release of " + majorText + ": it fixes bugs and security issues and needs only a restart."));
        } else if (minor > b.latestMinor() || today.isAfter(PostgresReleases.AS_OF.plusMonths(4))) {
            findings.add(Finding.of(Priority.INFO, "PostgreSQL " + text(num) + where + " is at or past the latest minor release "
                    + "this checkup knows (" + majorText + "." + b.latestMinor() + ", as of " + PostgresReleases.AS_OF
                    + "); newer minor releases may exist.", null));
        }
        int newest = PostgresReleases.newestMajor();
        if (major < newest && b.endOfLife().isAfter(today)) {
            findings.add(Finding.of(Priority.P3, "A newer major version exists: PostgreSQL " + newest + " (hosts run "
                    + majorText + ").", "Consider an upgrade to " + newest + " when convenient."));
        }
        return findings;
    }

    private static String text(int num) {
        int major = PostgresReleases.majorOf(num);
        return PostgresReleases.majorText(major) + "." + PostgresReleases.minorOf(num);
    }
}
