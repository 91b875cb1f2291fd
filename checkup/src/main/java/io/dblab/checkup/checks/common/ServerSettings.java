package io.dblab.checkup.checks.common;

import io.dblab.checkup.api.HostConnection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The server's settings as {@code pg_settings} rows. The checkup session SETs a few settings itself
 * (statement_timeout, lock_timeout, default_transaction_read_only); for those the row carries the
 * value the session started with ({@code reset_val}), which is the server's, database's or role's
 * value, and source {@code default} or {@code configuration}.
 */
public final class ServerSettings {
    private static final String SQL = """
            SELECT name,
                   CASE WHEN source = 'session' THEN reset_val ELSE setting END AS setting,
                   unit, category, context, vartype,
                   CASE WHEN source <> 'session' THEN source
                        WHEN reset_val IS NOT DISTINCT FROM boot_val THEN 'default'
                        ELSE 'configuration' END AS source,
                   sourcefile, sourceline, boot_val, pending_restart
            FROM pg_settings
            """;
    private static final Pattern UNIT = Pattern.compile("^(\\d*)\\s*([a-zA-Z]+)$");

    private ServerSettings() {}

    /** All settings, ordered by name. */
    public static List<Map<String, Object>> all(HostConnection host) throws SQLException {
        return host.query(SQL + " ORDER BY name");
    }

    /** The named settings (those the server has), ordered by name. */
    public static List<Map<String, Object>> named(HostConnection host, List<String> names) throws SQLException {
        return host.query(SQL + " WHERE name = ANY (?) ORDER BY name", (Object) names.toArray(new String[0]));
    }

    /** Settings whose names match a LIKE pattern, ordered by name. */
    public static List<Map<String, Object>> like(HostConnection host, String pattern) throws SQLException {
        return host.query(SQL + " WHERE name LIKE ? ORDER BY name", pattern);
    }

    /** name → row */
    public static Map<String, Map<String, Object>> byName(List<Map<String, Object>> rows) {
        Map<String, Map<String, Object>> map = new LinkedHashMap<>();
        rows.forEach(r -> map.put((String) r.get("name"), r));
        return map;
    }

    /** A memory setting in bytes (setting × unit), if the row has a memory unit and a number. */
    public static OptionalDouble bytes(Map<String, Object> row) {
        if (row == null) {
            return OptionalDouble.empty();
        }
        double value = Values.numberOrNaN(row.get("setting"));
        if (Double.isNaN(value)) {
            return OptionalDouble.empty();
        }
        String unit = Values.textOrNull(row.get("unit"));
        if (unit == null) {
            return OptionalDouble.empty();
        }
        Matcher m = UNIT.matcher(unit.trim());
        if (!m.matches()) {
            return OptionalDouble.empty();
        }
        double factor = m.group(1).isEmpty() ? 1 : Double.parseDouble(m.group(1));
        double perUnit = switch (m.group(2)) {
            case "B" -> 1;
            case "kB" -> 1024;
            case "MB" -> 1024.0 * 1024;
            case "GB" -> 1024.0 * 1024 * 1024;
            case "TB" -> 1024.0 * 1024 * 1024 * 1024;
            default -> Double.NaN;
        };
        if (Double.isNaN(perUnit)) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(value * factor * perUnit);
    }

    /** A time setting in milliseconds (units ms, s, min, h, d), if the row has one. */
    public static OptionalDouble millis(Map<String, Object> row) {
        if (row == null) {
            return OptionalDouble.empty();
        }
        double value = Values.numberOrNaN(row.get("setting"));
        String unit = Values.textOrNull(row.get("unit"));
        if (Double.isNaN(value) || unit == null) {
            return OptionalDouble.empty();
        }
        double factor = switch (unit.trim().toLowerCase(Locale.ROOT)) {
            case "us" -> 0.001;
            case "ms" -> 1;
            case "s" -> 1000;
            case "min" -> 60_000;
            case "h" -> 3_600_000;
            case "d" -> 86_400_000;
            default -> Double.NaN;
        };
        return Double.isNaN(factor) ? OptionalDouble.empty() : OptionalDouble.of(value * factor);
    }

    /** A setting's value with its unit for people to read: "4096 (8kB)" becomes "32 MiB"; "30000 ms" → "30 s". */
    public static String display(Map<String, Object> row) {
        if (row == null) {
            return "";
        }
        OptionalDouble b = bytes(row);
        if (b.isPresent()) {
            return Values.numberOrNaN(row.get("setting")) < 0 ? Values.textOrNull(row.get("setting"))
                    : Values.bytes(b.getAsDouble());
        }
        OptionalDouble ms = millis(row);
        if (ms.isPresent()) {
            double v = ms.getAsDouble();
            if (v <= 0) {
                return Values.textOrNull(row.get("setting"));
            }
            return v % 1000 == 0 ? Values.duration(v / 1000) : Values.textOrNull(row.get("setting")) + " " + row.get("unit");
        }
        String unit = Values.textOrNull(row.get("unit"));
        return Values.textOrNull(row.get("setting")) + (unit == null ? "" : " " + unit);
    }
}
