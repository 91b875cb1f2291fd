package io.dblab.checkup.checks.common;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Small conversions for rows and settings shared by the checks. */
public final class Values {
    private Values() {}

    /** A number from a row value (number or numeric text); NaN when there is none. */
    public static double num(Object o) {
        if (o instanceof Number n) {
            return n.doubleValue();
        }
        if (o instanceof String s && !s.isBlank()) {
            try {
                return Double.parseDouble(s.trim());
            } catch (NumberFormatException e) {
                return Double.NaN;
            }
        }
        return Double.NaN;
    }

    public static long lng(Object o, long fallback) {
        double d = num(o);
        return Double.isNaN(d) ? fallback : (long) d;
    }

    public static String str(Object o) {
        return o == null ? null : o.toString();
    }

    public static boolean bool(Object o) {
        if (o instanceof Boolean b) {
            return b;
        }
        return o != null && (o.toString().equalsIgnoreCase("on") || o.toString().equalsIgnoreCase("true"));
    }

    /** "45.3%" */
    public static String pct(double ratio) {
        return String.format(Locale.ROOT, "%.1f%%", ratio * 100);
    }

    /** A human size: 1.5 GiB. */
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

    /** 3725 → "1 h 2 min" */
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

    /** The first {@code max} items joined with ", ", and "and N more" when there are more. */
    public static String list(List<String> items, int max) {
        if (items.size() <= max) {
            return String.join(", ", items);
        }
        return String.join(", ", items.subList(0, max)) + " and " + (items.size() - max) + " more";
    }

    /** The host part of a host name such as {@code 127.0.0.1:5432} or {@code [::1]:5432}. */
    public static String hostPart(String hostName) {
        String h = hostName;
        int slash = h.indexOf('/');
        if (slash > 0) {
            h = h.substring(0, slash);
        }
        if (h.startsWith("[")) {
            int close = h.indexOf(']');
            return close > 0 ? h.substring(1, close) : h;
        }
        int colon = h.lastIndexOf(':');
        return colon > 0 ? h.substring(0, colon) : h;
    }

    public static boolean isLoopback(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        return h.equals("localhost") || h.equals("::1") || h.startsWith("127.");
    }

    @SuppressWarnings("unchecked")
    public static List<Map<String, Object>> rows(Object o) {
        if (o instanceof List<?> l) {
            return (List<Map<String, Object>>) l;
        }
        return new ArrayList<>();
    }
}
