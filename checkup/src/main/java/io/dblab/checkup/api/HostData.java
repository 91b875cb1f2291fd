package io.dblab.checkup.api;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a check collected from one host: JSON-able values (strings, numbers, booleans, lists and
 * maps of them) by name. It must hold metadata only: names, sizes, counts, settings, normalized
 * query texts; never values read from user tables.
 */
public record HostData(Map<String, Object> values) {
    public HostData {
        values = new LinkedHashMap<>(values);
    }

    public static HostData of(Map<String, Object> values) {
        return new HostData(values);
    }

    @SuppressWarnings("unchecked")
    public <T> T get(String name) {
        return (T) values.get(name);
    }
}
