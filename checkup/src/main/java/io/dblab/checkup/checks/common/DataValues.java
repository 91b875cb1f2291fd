package io.dblab.checkup.checks.common;

import java.util.Locale;

/** Reading numbers from check data (JDBC values, or JSON read back) and writing them for people. */
public final class DataValues {
    private DataValues() {}

    public static double dbl(Object o) {
        if (o instanceof Number n) {
            return n.doubleValue();
        }
        if (o instanceof String s && !s.isBlank()) {
            try {
                return Double.parseDouble(s.trim());
            } catch (NumberFormatException e) {
                return 0;
            }
        }
        if (o instanceof Boolean b) {
            return b ? 1 : 0;
        }
        return 0;
    }

    public static long lng(Object o) {
        if (o instanceof Number n) {
            return n.longValue();
        }
        return (long) dbl(o);
    }

    public static boolean bool(Object o) {
        if (o instanceof Boolean b) {
            return b;
        }
        return o instanceof String s && (s.equalsIgnoreCase("on") || s.equalsIgnoreCase("true") || s.equals("1"));
    }

    public static String str(Object o) {
        return o == null ? "" : o.toString();
    }

    /** 1536 → "1.5 KiB". */
    public static String bytes(double b) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};
        int u = 0;
        double v = b;
        while (Math.abs(v) >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return u == 0 ? String.format(Locale.ROOT, "%.0f B", v) : String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }

    /** 0.4567 → "45.7%". */
    public static String pct(double fraction) {
        return String.format(Locale.ROOT, "%.1f%%", fraction * 100);
    }

    /** 12345678 → "12,345,678". */
    public static String count(double n) {
        return String.format(Locale.ROOT, "%,.0f", n);
    }

    public static double round(double v, int digits) {
        double f = Math.pow(10, digits);
        return Math.round(v * f) / f;
    }

    /** 5400 → "1 h 30 min". */
    public static String duration(double seconds) {
        long s = (long) seconds;
        if (s < 120) {
            return s + " s";
        }
        if (s < 7200) {
            return (s / 60) + " min";
        }
        if (s < 172800) {
            return (s / 3600) + " h " + (s % 3600 / 60) + " min";
        }
        return (s / 86400) + " days";
    }
}
