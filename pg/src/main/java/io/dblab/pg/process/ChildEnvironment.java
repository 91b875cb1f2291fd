package io.dblab.pg.process;

import java.util.Map;
import java.util.TreeMap;

/**
 * The environment every child process starts from, built here and nowhere else: the few variables
 * tools need to run (PATH, locale, time zone) copied from the engine's own, and a HOME that is not
 * the engine's. Nothing else of the engine's environment reaches a child. The engine's holds
 * secrets (the source password, the verification token, the masking key), and a child may be a
 * clone's postmaster, whose superuser can read its environment ({@code COPY … TO PROGRAM 'env'}).
 */
public final class ChildEnvironment {
    /**
     * The home of a child that runs as the engine's own user: a directory that does not exist, so
     * that no tool reads the engine's {@code ~/.pgpass} or {@code ~/.postgresql}, or writes there.
     * A child run as another user gets that user's home from runuser.
     */
    public static final String HOME = "/nonexistent";

    private ChildEnvironment() {}

    /** The variables of {@code parent} that a child may have, and HOME. */
    public static Map<String, String> from(Map<String, String> parent) {
        Map<String, String> child = new TreeMap<>();
        parent.forEach((name, value) -> {
            if (allowed(name)) {
                child.put(name, value);
            }
        });
        child.put("HOME", HOME);
        return child;
    }

    private static boolean allowed(String name) {
        return name.equals("PATH") || name.equals("LANG") || name.equals("LANGUAGE") || name.startsWith("LC_")
                || name.equals("TZ");
    }
}
