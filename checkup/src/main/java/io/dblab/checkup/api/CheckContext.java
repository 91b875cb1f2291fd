package io.dblab.checkup.api;

import java.util.Map;
import java.util.OptionalLong;

/**
 * What a check may know besides its own data: the host roles, the machine's RAM when known
 * ({@code --ram} option), data other checks collected (for instance A003's settings), keyed by
 * check ID then host, and tuning options ({@code --threshold name=value}, such as
 * {@code g002.idle_in_transaction_seconds=60}) by name.
 */
public record CheckContext(Map<String, HostRole> roles, OptionalLong ramBytes,
                           Map<String, Map<String, HostData>> collected, Map<String, String> options) {
    public CheckContext {
        options = options == null ? Map.of() : Map.copyOf(options);
    }

    public CheckContext(Map<String, HostRole> roles, OptionalLong ramBytes,
                        Map<String, Map<String, HostData>> collected) {
        this(roles, ramBytes, collected, Map.of());
    }

    /** A numeric option, or the default when it is not given. */
    public long option(String name, long defaultValue) {
        String value = options.get(name);
        if (value == null) {
            return defaultValue;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("option " + name + " must be a whole number, not '" + value + "'");
        }
    }
}
