package io.dblab.engine;

/**
 * PostgreSQL major versions as operators write them: {@code 15}, or {@code 9.6} before version 10.
 * Which binaries can serve which source: a physical copy only the same major version; pg_dump reads
 * servers of its own version and older ones, not newer ones.
 */
final class PgVersions {
    private PgVersions() {}

    /** The major version of a version string such as {@code 15.18} or {@code 9.6.24}. */
    static String major(String version) {
        String[] parts = version.strip().split("\\.");
        int first = Integer.parseInt(parts[0].replaceAll("\\D.*", ""));
        return first >= 10 || parts.length < 2 ? String.valueOf(first) : first + "." + parts[1].replaceAll("\\D.*", "");
    }

    /** The major version of {@code server_version_num}, such as {@code 150018} or {@code 90624}. */
    static String majorOfVersionNum(String versionNum) {
        int number = Integer.parseInt(versionNum.strip());
        return number >= 100000 ? String.valueOf(number / 10000) : number / 10000 + "." + number / 100 % 100;
    }

    static boolean canServe(String binariesMajor, String sourceMajor, boolean physical) {
        return physical ? binariesMajor.equals(sourceMajor) : compare(binariesMajor, sourceMajor) >= 0;
    }

    private static int compare(String a, String b) {
        return Double.compare(Double.parseDouble(a), Double.parseDouble(b));
    }
}
