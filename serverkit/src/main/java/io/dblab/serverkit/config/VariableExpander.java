package io.dblab.serverkit.config;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces {@code ${NAME}} and {@code ${NAME:-default}} in a scalar value with environment variables,
 * so that secrets such as the verification token stay out of the file. The default applies when the
 * variable is unset or empty, as in the shell. Substituted text is not scanned again, so a variable's
 * value can never pull in another variable.
 */
final class VariableExpander {
    private static final Pattern REFERENCE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?}");

    private final Map<String, String> env;
    private final String source;

    VariableExpander(Map<String, String> env, String source) {
        this.env = env;
        this.source = source;
    }

    String expand(String value, String key) {
        Matcher m = REFERENCE.matcher(value);
        StringBuilder out = new StringBuilder();
        int last = 0;
        while (m.find()) {
            out.append(literal(value.substring(last, m.start()), key)).append(resolve(m.group(1), m.group(2), key));
            last = m.end();
        }
        return out.append(literal(value.substring(last), key)).toString();
    }

    /** True when the value refers to a variable, which lets a quoted-looking scalar stand for a number. */
    static boolean hasReference(String value) {
        return value.contains("${");
    }

    private String resolve(String name, String fallback, String key) {
        String value = env.get(name);
        if (value != null && !(value.isEmpty() && fallback != null)) {
            return value;
        }
        if (fallback != null) {
            return fallback;
        }
        throw new ConfigException("environment variable " + name + " is not set (used by '" + key + "' in " + source + ")");
    }

    // Text between references must not hold a "${" the pattern rejected (a typo like "${1X}" or a missing
    // "}"), or it would silently reach the engine as a literal.
    private String literal(String text, String key) {
        if (hasReference(text)) {
            throw new ConfigException("malformed variable reference in '" + key + "' in " + source
                    + ": use ${NAME} or ${NAME:-default}");
        }
        return text;
    }
}
