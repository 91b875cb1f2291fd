package io.dblab.checkup.checks.common;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reading values out of check data (JDBC values as collected, or the same data read back from
 * JSON) and writing numbers for people.
 *
 * <p>A missing or non-numeric value has two defaults, because checks need both:
 * {@link #numberOrNaN} where "unknown" must stay visible (a setting the server does not have, a
 * ratio that cannot be computed), {@link #numberOrZero} where it counts as nothing (counters,
 * sizes, ages).
 */
public final class Values {
    private Values() {}

    /** A number from a value (number or numeric text); NaN when there is none. */
    public static double numberOrNaN(Object o) {
        if (o instanceof Number n) {
            return n.doubleValue();
        }
        return o instanceof String s ? parse(s, Double.NaN) : Double.NaN;
    }

    /** A number from a value (number or numeric text, a boolean as 1 or 0); 0 when there is none. */
    public static double numberOrZero(Object o) {
        if (o instanceof Number n) {
            return n.doubleValue();
        }
        if (o instanceof Boolean b) {
            return b ? 1 : 0;
        }
        return o instanceof String s ? parse(s, 0) : 0;
    }

    private static double parse(String s, double fallback) {
        if (s.isBlank()) {
            return fallback;
        }
        try {
            return Double.parseDouble(s.trim());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    /** A whole number from a value, as {@link #numberOrZero} reads it (exact for longs). */
    public static long longOrZero(Object o) {
        return o instanceof Number n ? n.longValue() : (long) numberOrZero(o);
    }

    /** A value as text; "" for null. */
    public static String text(Object o) {
        return o == null ? "" : o.toString();
    }

    /** A value as text; null for null (where null means "not there", like a setting without a unit). */
    public static String textOrNull(Object o) {
        return o == null ? null : o.toString();
    }

    /** A boolean, or a setting's text {@code on}/{@code true}/{@code 1}. */
    public static boolean bool(Object o) {
        if (o instanceof Boolean b) {
            return b;
        }
        if (o == null) {
            return false;
        }
        String s = o.toString();
        return s.equalsIgnoreCase("on") || s.equalsIgnoreCase("true") || s.equals("1");
    }

    /** The rows of a list of rows in check data; an empty list when the value is something else. */
    @SuppressWarnings("unchecked")
    public static List<Map<String, Object>> rows(Object o) {
        if (o instanceof List<?> l) {
            return (List<Map<String, Object>>) l;
        }
        return new ArrayList<>();
    }

    /** {@code v} rounded to {@code digits} decimal places, for the data. */
    public static double round(double v, int digits) {
        double f = Math.pow(10, digits);
        return Math.round(v * f) / f;
    }

    /** 1536 → "1.5 KiB". */
    public static String bytes(double b) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};
        int i = 0;
        double v = b;
        while (Math.abs(v) >= 1024 && i < units.length - 1) {
            v /= 1024;
            i++;
        }
        return i == 0 ? String.format(Locale.ROOT, "%.0f B", v) : String.format(Locale.ROOT, "%.1f %s", v, units[i]);
    }

    /** 0.4567 → "45.7%". */
    public static String pct(double fraction) {
        return String.format(Locale.ROOT, "%.1f%%", fraction * 100);
    }

    /** 12345678 → "12,345,678". */
    public static String count(double n) {
        return String.format(Locale.ROOT, "%,.0f", n);
    }

    /** In two units: 45 → "45 s", 125 → "2 min 5 s", 3725 → "1 h 2 min", 97200 → "1 d 3 h". */
    public static String duration(double seconds) {
        long s = (long) seconds;
        if (s < 60) {
            return s + " s";
        }
        if (s < 3600) {
            return (s / 60) + " min " + (s % 60) + " s";
        }
        if (s < 86400) {
            return (s / 3600) + " h " + (s % 3600 / 60) + " min";
        }
        return (s / 86400) + " d " + (s % 86400 / 3600) + " h";
    }

    /**
     * Rounded down to what matters for an age: 90 → "90 s", 5400 → "90 min", 9000 → "2 h 30 min",
     * 200000 → "2 days".
     */
    public static String coarseDuration(double seconds) {
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

    /** The first {@code max} items joined with ", ", and "and N more" when there are more. */
    public static String list(List<String> items, int max) {
        if (items.size() <= max) {
            return String.join(", ", items);
        }
        return String.join(", ", items.subList(0, max)) + " and " + (items.size() - max) + " more";
    }
}
