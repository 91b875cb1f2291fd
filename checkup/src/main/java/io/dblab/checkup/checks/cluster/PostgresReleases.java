package io.dblab.checkup.checks.cluster;

import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What is known about PostgreSQL major versions: end-of-life dates and the latest minor release.
 *
 * <p>Source: the PostgreSQL project's versioning policy (postgresql.org/support/versioning: five
 * years of support, the last minor release on the second Thursday of November of the fifth year)
 * and the release announcements up to the regular minor release of 2026-05-14 (18.4, 17.10,
 * 16.14, 15.18, 14.23; 13 ended with 13.23 on 2025-11-13). Dates after today are the planned ones.
 * Update {@link #AS_OF} and the table with every minor release; a host whose version is newer than
 * the table says so rather than guessing.
 */
public final class PostgresReleases {
    /** The date of the newest release the table knows. */
    public static final LocalDate AS_OF = LocalDate.of(2026, 5, 14);

    /** A major version: when its support ends and its latest minor release as of {@link #AS_OF}. */
    public record Branch(int major, LocalDate endOfLife, int latestMinor) {}

    private static final Map<Integer, Branch> BRANCHES = new TreeMap<>();

    static {
        add(18, LocalDate.of(2030, 11, 14), 4);
        add(17, LocalDate.of(2029, 11, 8), 10);
        add(16, LocalDate.of(2028, 11, 9), 14);
        add(15, LocalDate.of(2027, 11, 11), 18);
        add(14, LocalDate.of(2026, 11, 12), 23);
        add(13, LocalDate.of(2025, 11, 13), 23);
        add(12, LocalDate.of(2024, 11, 21), 22);
        add(11, LocalDate.of(2023, 11, 9), 22);
        add(10, LocalDate.of(2022, 11, 10), 23);
        // 9.x majors are keyed as 906, 905 … (major * 100 + second part)
        add(906, LocalDate.of(2021, 11, 11), 24);
        add(905, LocalDate.of(2021, 2, 11), 25);
    }

    private PostgresReleases() {}

    private static void add(int major, LocalDate eol, int latestMinor) {
        BRANCHES.put(major, new Branch(major, eol, latestMinor));
    }

    /** The newest major version in the table. */
    public static int newestMajor() {
        return BRANCHES.keySet().stream().filter(m -> m < 100).max(Integer::compare).orElseThrow();
    }

    /**
     * The major key of a server_version_num: 150018 → 15, 90624 → 906.
     */
    public static int majorOf(int versionNum) {
        return versionNum >= 100000 ? versionNum / 10000 : versionNum / 100;
    }

    /** The minor number of a server_version_num: 150018 → 18, 90624 → 24. */
    public static int minorOf(int versionNum) {
        return versionNum >= 100000 ? versionNum % 10000 : versionNum % 100;
    }

    /** "15" or "9.6" */
    public static String majorText(int major) {
        return major >= 100 ? (major / 100) + "." + (major % 100) : Integer.toString(major);
    }

    public static Optional<Branch> branch(int major) {
        return Optional.ofNullable(BRANCHES.get(major));
    }

    /** Majors older than the oldest in the table are long past their end of life. */
    public static boolean olderThanTable(int major) {
        int oldest = BRANCHES.keySet().stream().mapToInt(PostgresReleases::comparable).min().orElseThrow();
        return comparable(major) < oldest;
    }

    /** Majors on one scale: 906 (9.6) below 1000 (10). */
    private static int comparable(int major) {
        return major >= 100 ? major : major * 100;
    }
}
