package io.dblab.engine.pool;

import java.util.regex.Pattern;

/**
 * Snapshot names and clone ids become directory names under the pool root, so they are checked
 * before any path is built from them: nothing that could climb out of the pool or hide as a dot
 * file (partial copies use dot names) gets through.
 */
final class PoolNames {
    private static final Pattern VALID = Pattern.compile("^[a-zA-Z0-9][a-zA-Z0-9_.-]*$");

    private PoolNames() {}

    static boolean isValid(String name) {
        return name != null && VALID.matcher(name).matches() && !name.contains("..");
    }

    /** Returns the name, or fails naming what was wrong with it. */
    static String requireValid(String kind, String name) {
        if (!isValid(name)) {
            throw new IllegalArgumentException("invalid " + kind + " \"" + name + "\": use letters, digits, '_', '.'"
                    + " and '-', starting with a letter or digit, without '..'");
        }
        return name;
    }
}
