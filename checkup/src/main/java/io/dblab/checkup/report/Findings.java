package io.dblab.checkup.report;

import io.dblab.checkup.api.Finding;
import io.dblab.checkup.api.Priority;

/** How findings read in every format: conclusions and recommendations prefixed with [P1], [P2] or [P3]. */
public final class Findings {
    private Findings() {}

    public static String prefixed(Priority priority, String text) {
        if (text == null || text.isBlank()) {
            return text;
        }
        if (priority == Priority.INFO || text.startsWith("[" + priority.name() + "]")) {
            return text;
        }
        return "[" + priority.name() + "] " + text;
    }

    public static String conclusion(Finding f) {
        return prefixed(f.priority(), f.conclusion());
    }

    public static String recommendation(Finding f) {
        return prefixed(f.priority(), f.recommendation());
    }

    public static String role(io.dblab.checkup.api.HostRole role) {
        return role == null ? "unknown" : role.name().toLowerCase(java.util.Locale.ROOT);
    }
}
