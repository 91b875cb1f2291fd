package io.dblab.checkup.report;

import io.dblab.checkup.api.HostData;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Removes secrets from the settings in every check's data before anything is concluded or
 * written. It recognizes settings in the shapes checks use:
 * <ul>
 *   <li>a map with a {@code name} entry and one of {@code setting}, {@code reset_val},
 *       {@code boot_val}, {@code value}, {@code values}, {@code vartype}, {@code context} (a
 *       {@code pg_settings} row): every other entry that is not plain metadata (unit, source,
 *       sourcefile …) is a value of that setting;</li>
 *   <li>a map entry whose key is a setting name: its value (or, for a map or list, every string
 *       in it) is a value of that setting.</li>
 * </ul>
 * Secret settings are those whose name contains {@code password}, {@code passphrase} or
 * {@code conninfo}, all {@code *_command} settings (archive, restore and passphrase commands can
 * carry credentials), and extension or custom settings ({@code prefix.name}) whose name contains
 * {@code secret}, {@code token}, {@code credential}, {@code salt} or ends with {@code key}:
 * their non-empty values become {@value #MASK}. Connection strings ({@code *conninfo*}, such as
 * {@code primary_conninfo}) keep their shape and lose only the values of password-like keys.
 */
public final class SecretRedactor {
    public static final String MASK = "********";
    private static final Set<String> NOT_SECRET = Set.of("password_encryption",
            "ssl_passphrase_command_supports_reload", "scram_iterations");
    private static final List<String> SECRET_PARTS = List.of("password", "passwd", "passphrase", "secret", "token",
            "credential", "salt", "apikey", "api_key", "private_key");
    /** Keys of a pg_settings-like row that describe a setting rather than hold its value. */
    private static final Set<String> METADATA_KEYS = Set.of("name", "unit", "category", "short_desc", "extra_desc",
            "context", "vartype", "source", "sourcefile", "sourceline", "min_val", "max_val", "enumvals",
            "pending_restart", "database", "datname", "role", "rolname", "host", "hosts", "differs", "changed",
            "is_default", "applied", "error", "seqno");
    /** A map with "name" and one of these is a setting row. */
    private static final Set<String> SETTING_ROW_KEYS = Set.of("setting", "reset_val", "boot_val", "value", "vartype",
            "context", "values", "config");
    private static final Pattern CONNINFO_SECRET = Pattern.compile(
            "(?i)\\b((?:ssl)?password|passphrase|secret|token)\\s*=\\s*('(?:[^'\\\\]|\\\\.)*'|\\S*)");
    private static final Pattern URI_PASSWORD = Pattern.compile("(?i)(postgres(?:ql)?://[^:/@\\s]*:)([^@\\s]*)(@)");

    private SecretRedactor() {}

    /** Whether a setting's value must not appear in a report. */
    public static boolean isSecretSetting(String name) {
        if (name == null) {
            return false;
        }
        String n = name.toLowerCase(Locale.ROOT);
        if (NOT_SECRET.contains(n)) {
            return false;
        }
        if (n.contains("conninfo") || n.endsWith("_command") || n.contains("password") || n.contains("passwd")
                || n.contains("passphrase")) {
            return true;
        }
        // extension and custom settings (prefix.name) may hold keys, tokens, salts …
        String last = n.substring(n.lastIndexOf('.') + 1);
        return n.indexOf('.') > 0 && (last.endsWith("key") || SECRET_PARTS.stream().anyMatch(n::contains));
    }

    /** The value of a setting as it may appear in a report. */
    public static String redactSettingValue(String name, String value) {
        if (value == null || value.isEmpty() || !isSecretSetting(name)) {
            return value;
        }
        if (name.toLowerCase(Locale.ROOT).contains("conninfo")) {
            return redactConninfo(value);
        }
        return MASK;
    }

    /** A connection string with the values of password-like keys (and a URI's password) masked. */
    public static String redactConninfo(String conninfo) {
        Matcher m = CONNINFO_SECRET.matcher(conninfo);
        String keyValues = m.replaceAll(r -> Matcher.quoteReplacement(r.group(1) + "=" + MASK));
        return URI_PASSWORD.matcher(keyValues).replaceAll(r -> Matcher.quoteReplacement(r.group(1) + MASK + r.group(3)));
    }

    public static HostData redact(HostData data) {
        return HostData.of(redactMap(data.values(), null));
    }

    private static Map<String, Object> redactMap(Map<String, Object> map, String inherited) {
        Object nameValue = map.get("name");
        boolean settingRow = SETTING_ROW_KEYS.stream().anyMatch(map::containsKey);
        String rowSetting = settingRow && nameValue instanceof String s && isSecretSetting(s) ? s : null;
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : map.entrySet()) {
            String key = e.getKey();
            String setting = inherited;
            if (setting == null && rowSetting != null && !METADATA_KEYS.contains(key)) {
                setting = rowSetting;
            }
            if (setting == null && isSecretSetting(key)) {
                setting = key;
            }
            out.put(key, redactValue(e.getValue(), setting));
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Object redactValue(Object value, String setting) {
        if (value instanceof Map<?, ?> m) {
            return redactMap((Map<String, Object>) m, setting);
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            for (Object item : list) {
                out.add(redactValue(item, setting));
            }
            return out;
        }
        if (value instanceof String s && setting != null) {
            return redactSettingValue(setting, s);
        }
        return value;
    }
}
