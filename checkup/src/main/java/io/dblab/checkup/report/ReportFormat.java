package io.dblab.checkup.report;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/** The output formats of a report. */
public enum ReportFormat {
    JSON,
    MD,
    HTML;

    /** {@code json,md,html} in any order and case; null or blank means all. */
    public static Set<ReportFormat> parse(String formats) {
        if (formats == null || formats.isBlank()) {
            return EnumSet.allOf(ReportFormat.class);
        }
        Set<ReportFormat> set = EnumSet.noneOf(ReportFormat.class);
        for (String part : formats.split(",")) {
            String p = part.trim().toUpperCase(Locale.ROOT);
            if (p.isEmpty()) {
                continue;
            }
            if (p.equals("MARKDOWN")) {
                p = "MD";
            }
            try {
                set.add(ReportFormat.valueOf(p));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown format '" + part.trim() + "': use json, md and/or html");
            }
        }
        if (set.isEmpty()) {
            throw new IllegalArgumentException("--format names no format: use json, md and/or html");
        }
        return set;
    }
}
