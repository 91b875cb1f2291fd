package io.dblab.checkup.runner;

import io.dblab.checkup.api.Check;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;

/**
 * Every check there is, found with {@link ServiceLoader}: each check class is listed in
 * {@code META-INF/services/io.dblab.checkup.api.Check} and has a public no-argument constructor.
 * Checks are ordered by ID.
 */
public final class CheckRegistry {
    private final Map<String, Check> byId;

    public CheckRegistry(List<Check> checks) {
        Map<String, Check> map = new LinkedHashMap<>();
        checks.stream().sorted(Comparator.comparing(Check::id)).forEach(c -> {
            Check previous = map.putIfAbsent(c.id().toUpperCase(Locale.ROOT), c);
            if (previous != null) {
                throw new IllegalStateException("two checks with ID " + c.id() + ": "
                        + previous.getClass().getName() + " and " + c.getClass().getName());
            }
        });
        this.byId = map;
    }

    public static CheckRegistry load() {
        List<Check> checks = new ArrayList<>();
        ServiceLoader.load(Check.class, CheckRegistry.class.getClassLoader()).forEach(checks::add);
        return new CheckRegistry(checks);
    }

    public List<Check> all() {
        return List.copyOf(byId.values());
    }

    /**
     * The checks named in a {@code --checks} value such as {@code A002,H002} (case does not matter),
     * in ID order; all checks for null or blank. An unknown ID is an error that lists the known ones.
     */
    public List<Check> select(String ids) {
        if (ids == null || ids.isBlank()) {
            return all();
        }
        Set<String> wanted = new LinkedHashSet<>();
        for (String part : ids.split(",")) {
            String id = part.trim().toUpperCase(Locale.ROOT);
            if (id.isEmpty()) {
                continue;
            }
            if (!byId.containsKey(id)) {
                throw new IllegalArgumentException("unknown check '" + part.trim() + "'; known checks: "
                        + String.join(",", byId.keySet()));
            }
            wanted.add(id);
        }
        if (wanted.isEmpty()) {
            throw new IllegalArgumentException("--checks names no check");
        }
        return byId.values().stream().filter(c -> wanted.contains(c.id().toUpperCase(Locale.ROOT))).toList();
    }
}
