package io.dblab.checkup.report;

import io.dblab.checkup.api.HostRole;

/**
 * A host of the checked cluster: its name (host:port), role and version when it could be reached,
 * or why it could not.
 */
public record HostInfo(String name, String database, HostRole role, String serverVersion, String error) {
    public static HostInfo reached(String name, String database, HostRole role, String serverVersion) {
        return new HostInfo(name, database, role, serverVersion, null);
    }

    public static HostInfo unreachable(String name, String database, String error) {
        return new HostInfo(name, database, null, null, error);
    }

    public boolean isReached() {
        return error == null;
    }
}
