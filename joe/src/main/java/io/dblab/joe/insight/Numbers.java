package io.dblab.joe.insight;

import java.util.Locale;

/** Numbers in findings, as people read them: "12,345", "37%", "10.5x". */
final class Numbers {
    private Numbers() {
    }

    static String count(double value) {
        return String.format(Locale.ROOT, "%,.0f", value);
    }

    static String percent(double share) {
        return String.format(Locale.ROOT, "%.0f%%", share * 100);
    }

    static String factor(double value) {
        return String.format(Locale.ROOT, value >= 100 ? "%,.0fx" : "%.1fx", value);
    }

    static String millis(double value) {
        return String.format(Locale.ROOT, "%.3f ms", value);
    }
}
