package io.dblab.checkup.checks.vacuum;

import io.dblab.checkup.api.HostConnection;
import io.dblab.checkup.checks.common.Values;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Settings rows from {@code pg_settings} as check data ({@code name}, {@code setting}, {@code unit},
 * {@code source}, {@code boot_val}) and their values in base units: bytes for memory, milliseconds
 * for time. For a setting the checkup session changed itself the row holds the value the session
 * started with, as in the framework's {@code ServerSettings}.
 */
final class Settings {
    private Settings() {}

    static List<Map<String, Object>> load(HostConnection host, List<String> names) throws SQLException {
        List<Map<String, Object>> rows = new ArrayList<>();
        // for settings the checkup session SETs itself (statement_timeout …) the server's value is reset_val
        for (Map<String, Object> r : host.query("SELECT /* dblab-checkup */ name, "
                + "CASE WHEN source = 'session' THEN reset_val ELSE setting END AS setting, unit, "
                + "CASE WHEN source <> 'session' THEN source WHEN reset_val IS NOT DISTINCT FROM boot_val THEN 'default' "
                + "ELSE 'configuration' END AS source, boot_val "
                + "FROM pg_settings WHERE name = ANY (?) ORDER BY name", (Object) names.toArray(new String[0]))) {
            rows.add(new LinkedHashMap<>(r));
        }
        return rows;
    }

    /** name → row, from data written by {@link #load}. */
    @SuppressWarnings("unchecked")
    static Map<String, Map<String, Object>> byName(Object rows) {
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        if (rows instanceof List<?> list) {
            for (Object o : list) {
                if (o instanceof Map<?, ?> m) {
                    out.put(Values.text(m.get("name")), (Map<String, Object>) m);
                }
            }
        }
        return out;
    }

    /** The raw setting, or null when the server does not have it. */
    static String raw(Map<String, Map<String, Object>> settings, String name) {
        Map<String, Object> row = settings.get(name);
        return row == null || row.get("setting") == null ? null : row.get("setting").toString();
    }

    static boolean has(Map<String, Map<String, Object>> settings, String name) {
        return raw(settings, name) != null;
    }

    static double number(Map<String, Map<String, Object>> settings, String name, double fallback) {
        String raw = raw(settings, name);
        if (raw == null) {
            return fallback;
        }
        try {
            return Double.parseDouble(raw);
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    /** A memory setting in bytes; -1 stays -1 (meaning "use another setting"). */
    static double bytes(Map<String, Map<String, Object>> settings, String name, double fallback) {
        return inBaseUnit(settings, name, fallback);
    }

    /** A time setting in milliseconds; -1 stays -1. */
    static double millis(Map<String, Map<String, Object>> settings, String name, double fallback) {
        return inBaseUnit(settings, name, fallback);
    }

    /**
     * The cost delay autovacuum works with, in milliseconds: autovacuum_vacuum_cost_delay (when the
     * server does not report it, its default: 2 ms from PostgreSQL 12 on, 20 ms before), or
     * vacuum_cost_delay when it is -1.
     */
    static double autovacuumCostDelay(Map<String, Map<String, Object>> settings, int serverVersionNum) {
        double delay = millis(settings, "autovacuum_vacuum_cost_delay", serverVersionNum >= 120000 ? 2 : 20);
        return delay < 0 ? millis(settings, "vacuum_cost_delay", 0) : delay;
    }

    /** The cost limit all autovacuum workers share: autovacuum_vacuum_cost_limit, or vacuum_cost_limit when that is -1. */
    static double autovacuumCostLimit(Map<String, Map<String, Object>> settings) {
        double limit = number(settings, "autovacuum_vacuum_cost_limit", -1);
        return limit < 0 ? number(settings, "vacuum_cost_limit", 200) : limit;
    }

    /** The setting times its {@code unit}: bytes for memory, milliseconds for time; -1 stays -1. */
    private static double inBaseUnit(Map<String, Map<String, Object>> settings, String name, double fallback) {
        double v = number(settings, name, Double.NaN);
        if (Double.isNaN(v)) {
            return fallback;
        }
        if (v < 0) {
            return -1;
        }
        return v * unitFactor(Values.text(settings.get(name).get("unit")));
    }

    /** Bytes or milliseconds per unit of pg_settings' {@code unit} column ("8kB", "kB", "ms", "s", "min" …). */
    static double unitFactor(String unit) {
        if (unit == null || unit.isEmpty()) {
            return 1;
        }
        String u = unit.trim();
        double n = 1;
        int i = 0;
        while (i < u.length() && Character.isDigit(u.charAt(i))) {
            i++;
        }
        if (i > 0) {
            n = Double.parseDouble(u.substring(0, i));
            u = u.substring(i);
        }
        return n * switch (u) {
            case "B" -> 1.0;
            case "kB" -> 1024.0;
            case "MB" -> 1024.0 * 1024;
            case "GB" -> 1024.0 * 1024 * 1024;
            case "TB" -> 1024.0 * 1024 * 1024 * 1024;
            case "us" -> 0.001;
            case "ms" -> 1.0;
            case "s" -> 1000.0;
            case "min" -> 60_000.0;
            case "h" -> 3_600_000.0;
            case "d" -> 86_400_000.0;
            default -> 1.0;
        };
    }
}
